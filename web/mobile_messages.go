package web

import "onetrip"

// Messages of the mobile front (web/mobile.go, static/mobile.js).
func init() {
	onetrip.Register(onetrip.Messages{
		"ui.mobile.menu":        {"菜单", "Menu"},
		"ui.mobile.description": {"浙江“最多跑一次”一窗通：查办事指南、在线申请、查看办件和电子证照", "Zhejiang's one window (at most one trip): guides, online applications, your cases and electronic licences"},
		"ui.mobile.camera":      {"拍照上传：%s", "Photo upload: %s"},
		"ui.mobile.camera.btn":  {"拍照上传", "Photo upload"},
		"ui.mobile.downscaled":  {"照片已缩小为 %s 像素后上传", "The photo is reduced to %s pixels for uploading"},
	})
}
