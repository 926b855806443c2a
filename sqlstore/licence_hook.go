package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"onetrip/casework"
	"onetrip/licence"
)

// issueDue issues, in the transaction of a step's approval, the licence
// the step's result is (casework.LicenceDue: the type and the holder the
// rule chose); the fields come from the type's field list filled from the
// step's outputs, then the application form, then what the platform knows
// (holder, issuer, dates). The case lists the licence and its log records
// "licence.issued" right after the step's decision.
func (s *Store) issueDue(ctx context.Context, tx *Tx, r *casework.Result, due casework.LicenceDue, actor string) error {
	c := &r.Case
	rep, err := s.representative(ctx, tx, c, due.Holder)
	if err != nil {
		return err
	}
	l, err := s.issue(ctx, tx, issueInput{
		IssueRequest: IssueRequest{Type: due.Type, Department: due.Department, Holder: due.Holder, RepresentativeID: rep, By: actor},
		caseID:       c.ID, caseNumber: c.Number, taskID: due.TaskID, form: c.Form, outputs: due.Outputs, derive: true,
	})
	if err != nil {
		return err
	}
	c.Licences = append(c.Licences, casework.LicenceRef{ID: l.ID, Identifier: l.Identifier, Type: l.Type, TypeName: l.TypeName})
	r.AfterDecision(due.TaskID, casework.NewEvent{Type: "licence.issued", Data: map[string]any{"licence": l.ID, "identifier": l.Identifier, "type": l.Type,
		"task": due.TaskID, "department": due.Department, "seal": l.SealID, "valid_until": l.ValidUntil, "holder": l.Holder.IDNumber}})
	return nil
}

// representative is an organisation holder's legal representative (their
// citizen ID), so "my licences" shows a company's licences to the person
// who runs it: the applicant user who applied online, else the one the
// organisation's earlier licences name.
func (s *Store) representative(ctx context.Context, tx *Tx, c *casework.Case, h licence.Holder) (string, error) {
	if h.IDType != licence.IDUSCC {
		return "", nil
	}
	var rep string
	if c.ApplicantUser != "" {
		err := tx.QueryRowContext(ctx, `SELECT id_number FROM users WHERE id = $1`, c.ApplicantUser).Scan(&rep)
		if err != nil && !isNoRows(err) {
			return "", err
		}
		if len(rep) == 18 && rep != h.IDNumber {
			return rep, nil
		}
	}
	err := tx.QueryRowContext(ctx, `SELECT representative_id FROM licences WHERE holder_id_number = $1 AND representative_id <> ''
		ORDER BY issued_at DESC LIMIT 1`, h.IDNumber).Scan(&rep)
	if isNoRows(err) {
		return "", nil
	}
	return rep, err
}

// Field names the platform fills itself when neither the reviewer's outputs
// nor the form give them.
var (
	holderNameFields = []string{"名称", "经营者名称", "企业名称", "单位名称", "业户名称", "排水户名称", "学校名称", "建设单位",
		"姓名", "持证人", "权利人", "权利人（申请人）"}
	issuerFields = []string{"发证机关", "登记机关", "签发机关", "发证单位", "审批机关", "登记管理机关", "发证机构", "签发机构", "发卡地"}
	issuedFields = []string{"发证日期", "签发日期", "发卡日期", "登记日期", "登记时间"}
)

// licenceFields fills a licence type's fields: the step's outputs first
// (the reviewer's conclusions, 结论), then the application form, then what
// the platform knows. Fields with no value are left out; form values that
// are not strings are written as compact JSON.
func licenceFields(names []string, form json.RawMessage, outputs map[string]string, h licence.Holder, is licence.Issuer, issued, until string) map[string]string {
	var f map[string]json.RawMessage
	json.Unmarshal(form, &f)
	out := map[string]string{}
	term := until
	if term == "" {
		term = "长期"
	}
	for _, name := range names {
		v := strings.TrimSpace(outputs[name])
		if v == "" {
			if raw, ok := f[name]; ok {
				var str string
				if json.Unmarshal(raw, &str) == nil {
					v = strings.TrimSpace(str)
				} else if string(raw) != "null" {
					v = string(raw)
				}
			}
		}
		if v == "" {
			switch {
			case name == "统一社会信用代码" && h.IDType == licence.IDUSCC, name == "公民身份号码" && h.IDType == licence.IDCitizen:
				v = h.IDNumber
			case slices.Contains(holderNameFields, name):
				v = h.Name
			case slices.Contains(issuerFields, name):
				v = is.Name
			case slices.Contains(issuedFields, name):
				v = issued
			case name == "有效期至":
				v = term
			case name == "有效期" || name == "有效期限":
				v = issued + " 至 " + term
			}
		}
		if v != "" {
			out[name] = v
		}
	}
	return out
}
