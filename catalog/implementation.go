package catalog

// Implementation is an item as one region's department runs it (实施清单):
// local promised days (never above the item's), where and when.
type Implementation struct {
	ID           string `json:"id"`
	Item         string `json:"item"`
	Region       string `json:"region"`
	RegionName   string `json:"region_name"`
	Department   string `json:"department"`
	DeptName     string `json:"department_name"`
	Center       string `json:"center,omitempty"`
	PromisedDays int    `json:"promised_days"`
	Address      string `json:"address"`
	Hours        string `json:"hours"`
	Phone        string `json:"phone"`
}
