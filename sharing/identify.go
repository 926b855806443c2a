package sharing

import (
	"time"

	"onetrip"
	"onetrip/catalog"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"sharing.identify.center": {"只有服务中心窗口和代办员在受理时可以核验申请人身份", "only a service centre's window or agent identifies an applicant at intake"},
	})
}

// Identification is what identifying an applicant at intake reads: the
// population item for a person, the enterprise item for an organisation,
// and of it only the name and the address (the window fills the form with
// them; nothing else of the record leaves the provider's answer).
type Identification struct {
	Item, Name, Address string
}

// Identifications by the applicant's kind.
var Identifications = map[catalog.Subject]Identification{
	catalog.SubjectPerson: {Item: "D-POP-BASIC", Name: "姓名", Address: "户籍地址"},
	catalog.SubjectOrg:    {Item: "D-ENT-REG", Name: "名称", Address: "住所"},
}

// AllowedIdentification is the rule for reading an applicant's name and
// address at the window before the case exists: the consumer is a service
// centre (the applicant stands at its window, or its agent acts for
// them), it holds an active grant of the item, and the item is shared. The
// read names the service applied for as its purpose; the case's own reads
// follow at acceptance, bound to the case.
func AllowedIdentification(it catalog.DataItem, g *Grant, c Consumer, now time.Time) error {
	if err := restricted(it); err != nil {
		return err
	}
	if c.Kind != ConsumerCenter {
		return onetrip.Forbidden("sharing.identify.center")
	}
	if !g.Active(Date(now)) {
		return onetrip.Forbidden("sharing.denied")
	}
	return nil
}
