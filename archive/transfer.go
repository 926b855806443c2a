package archive

import (
	"bytes"
	"encoding/xml"
	"time"

	"onetrip"
)

// TransferEntry is one package on a transfer list (移交清单).
type TransferEntry struct {
	PackageID  string    `xml:"package_id"`
	CaseNumber string    `xml:"case_number"`
	ItemCode   string    `xml:"item_code"`
	ItemName   string    `xml:"item_name"`
	Title      string    `xml:"title"`
	Archived   time.Time `xml:"archived"`
	Retention  Retention `xml:"retention"`
	Files      int       `xml:"files"`
	Size       int64     `xml:"size"`
	SM3        string    `xml:"sm3"`
	Checked    bool      `xml:"check_passed"`
}

// TransferList is a department's transfer batch as the archives receive
// it: who hands over what, each package with its digest and the result of
// the 四性检测 run at the transfer.
type TransferList struct {
	XMLName    xml.Name        `xml:"transfer"`
	ID         string          `xml:"id,attr"`
	Format     string          `xml:"format,attr"`
	Fonds      string          `xml:"fonds"`
	FondsName  string          `xml:"fonds_name"`
	Created    time.Time       `xml:"created"`
	CreatedBy  string          `xml:"created_by"`
	Count      int             `xml:"count"`
	TotalBytes int64           `xml:"total_bytes"`
	Packages   []TransferEntry `xml:"packages>package"`
}

// TransferFormat names the transfer list's layout.
const TransferFormat = "onetrip-transfer/1"

// MarshalTransfer writes a transfer list as XML (UTF-8, indented); the
// department's seal signs exactly these bytes.
func MarshalTransfer(l TransferList) ([]byte, error) {
	if len(l.Packages) == 0 {
		return nil, onetrip.Invalid("archive.transfer.empty")
	}
	l.Format, l.Count = TransferFormat, len(l.Packages)
	l.TotalBytes = 0
	for _, p := range l.Packages {
		l.TotalBytes += p.Size
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(l); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
