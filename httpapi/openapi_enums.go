package httpapi

import (
	"reflect"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/licence"
	"onetrip/region"
	"onetrip/review"
	"onetrip/sharing"
	"onetrip/supervision"
	"onetrip/workday"
)

// The closed sets of the API, documented as enums from the domain's own
// lists, so a value added there shows in the document at once.

// typeEnums are the named string types of closed sets.
var typeEnums = map[reflect.Type][]string{
	reflect.TypeFor[intake.Status]():            strs(intake.Statuses),
	reflect.TypeFor[intake.Channel]():           strs(intake.Channels),
	reflect.TypeFor[intake.EntryState]():        strs(intake.EntryStates),
	reflect.TypeFor[intake.MarkStatus]():        strs(intake.MarkStatuses),
	reflect.TypeFor[intake.Problem]():           strs(intake.Problems),
	reflect.TypeFor[intake.TripPurpose]():       strs(intake.TripPurposes),
	reflect.TypeFor[intake.TripOutcome]():       strs(intake.TripOutcomes),
	reflect.TypeFor[catalog.Online]():           strs(catalog.OnlineLevels),
	reflect.TypeFor[catalog.Delivery]():         strs(catalog.Deliveries),
	reflect.TypeFor[catalog.Form]():             strs(catalog.Forms),
	reflect.TypeFor[catalog.Level]():            strs(catalog.Levels),
	reflect.TypeFor[catalog.Subject]():          strs(catalog.Subjects),
	reflect.TypeFor[catalog.ShareLevel]():       strs(catalog.ShareLevels),
	reflect.TypeFor[licence.Status]():           strs(licence.Statuses),
	reflect.TypeFor[workday.Status]():           strs(workday.Statuses),
	reflect.TypeFor[onetrip.Role]():             strs(onetrip.Roles),
	reflect.TypeFor[onetrip.Code]():             strs(onetrip.Codes),
	reflect.TypeFor[supervision.Level]():        strs(supervision.Levels),
	reflect.TypeFor[supervision.Target]():       strs(supervision.Targets),
	reflect.TypeFor[supervision.Channel]():      strs(supervision.Channels),
	reflect.TypeFor[supervision.RectState]():    strs(supervision.RectStates),
	reflect.TypeFor[supervision.RectStatus]():   strs(supervision.RectStatuses),
	reflect.TypeFor[supervision.ReportState]():  strs([]supervision.ReportState{supervision.ReportDraft, supervision.ReportSubmitted}),
	reflect.TypeFor[supervision.ReportStatus](): strs(supervision.ReportStatuses),
	reflect.TypeFor[supervision.AlertKind]():    strs(supervision.AlertKinds),
}

// fieldEnums are plain string fields of closed sets, by type and JSON name.
var fieldEnums = map[string][]string{
	"casework.Case.delivery":            strs(catalog.Deliveries),
	"casework.Submission.delivery":      strs(catalog.Deliveries),
	"casework.Case.decision":            {casework.CaseApproved, casework.CaseDenied},
	"casework.CaseDecidedData.decision": {casework.CaseApproved, casework.CaseDenied},
	"casework.Task.status":              review.TaskStatuses,
	"casework.TaskDecidedData.decision": {review.Approved, review.Denied, review.Returned},
	"casework.Task.clock":               strs(workday.Statuses),
	"casework.Deadline.status":          strs(workday.Statuses),
	"casework.Decision.decision":        review.Decisions,
	"casework.Notice.kind":              {casework.NoticeCorrection, casework.NoticeRefusal},
	"casework.SuspendRequest.kind":      workday.Kinds,
	"workday.Suspension.kind":           workday.Kinds,
	"casework.Notification.event":       casework.NotifiedEvents,
	"intake.Applicant.type":             catalogSubjects(),
	"licence.Holder.id_type":            licence.IDTypes,
	"region.Region.level":               region.Levels,
	"httpapi.RegionWithPath.level":      region.Levels,
	"catalog.Item.kind":                 catalog.ItemKinds,
	"catalog.Item.window":               catalog.Windows,
	"sqlstore.ItemSummary.window":       catalog.Windows,
	"sqlstore.ItemSummary.kind":         catalog.ItemKinds,
	"sqlstore.Delivery.status":          {"pending", "delivered"},
	"sqlstore.Delivery.event_type":      casework.NotifiedEvents,
	"sqlstore.Webhook.events":           casework.NotifiedEvents,
	"httpapi.WebhookRequest.events":     casework.NotifiedEvents,
	"sqlstore.VersionInfo.state":        {"draft", "published", "superseded"},
	"httpapi.LintReport.state":          {"draft", "published", "superseded"},
	"sqlstore.CalendarAudit.action":     {"set", "delete"},
	"sharing.Grant.status":              sharing.GrantStatuses,
	"sharing.Grant.consumer_kind":       {sharing.ConsumerDepartment, sharing.ConsumerCenter},
	"sharing.Access.consumer_kind":      {sharing.ConsumerDepartment, sharing.ConsumerCenter},
	"sharing.Access.result":             sharing.Results,
	"httpapi.IdentifyRequest.type":      catalogSubjects(),
}

// fieldTypes document raw JSON fields by the type they always hold: a
// delivery's body is the notification that was sent.
var fieldTypes = map[string]reflect.Type{
	"sqlstore.Delivery.body": reflect.TypeFor[casework.Notification](),
}

// catalogSubjects are the applicant types: a person or an organisation.
func catalogSubjects() []string { return []string{intake.ApplicantPerson, intake.ApplicantOrg} }

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
