package intake

import (
	"time"

	"onetrip/workday"
)

// DeferredMaterialDays is how many working days an applicant has to bring a
// deferred material (容缺材料) after acceptance. The guide has no field for
// it; five working days is the usual commitment in Zhejiang's 容缺受理
// rules, and one constant keeps every case and reminder the same.
const DeferredMaterialDays = 5

// DueDate is the promised completion date of a case accepted at accepted:
// the acceptance date on the Chinese mainland, plus promisedDays working
// days counted from the working day after it (DESIGN rule 3; 0 is 即办, due
// the same working day). A negative limit is taken as 0.
func DueDate(cal *workday.Calendar, accepted time.Time, promisedDays int) workday.Date {
	return cal.AddWorkdays(workday.DateOf(accepted), max(promisedDays, 0))
}

// DeferredDue is the date by which deferred materials must arrive:
// DeferredMaterialDays working days after the acceptance date.
func DeferredDue(cal *workday.Calendar, accepted time.Time) workday.Date {
	return cal.AddWorkdays(workday.DateOf(accepted), DeferredMaterialDays)
}
