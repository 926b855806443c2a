package smssim

import (
	"html/template"
	"net/http"
	"sort"

	"onetrip"
	"onetrip/identity"
)

// The demo's "phone" (模拟手机): the latest messages of every number, or
// every message of one, so a demo user reads the code they were sent.

// pagePerNumber is how many messages the overview shows for each number.
const pagePerNumber = 3

type phone struct {
	To       string
	Messages []Sent
	More     int
}

type phonePage struct {
	Prefix  string
	To      string // one number asked for
	Phones  []phone
	Problem string
}

var page = template.Must(template.New("phone").Funcs(template.FuncMap{
	"at": func(m Sent) string { return m.At.In(onetrip.China).Format("2006-01-02 15:04:05") },
}).Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>模拟短信平台 · 手机</title>
<style>
body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f6f9;color:#1f2329}
main{max-width:32rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.5rem 0}
h2{font-size:1rem;margin:1rem 0 .5rem}
.muted{color:#646a73;font-size:.875rem}
form{display:flex;gap:.5rem;margin:1rem 0}
input{flex:1;min-height:44px;padding:0 .5rem;font-size:1rem;border:1px solid #c9cdd4;border-radius:8px}
button,a.button{min-height:44px;padding:0 1rem;border:1px solid #1664ff;border-radius:8px;background:#1664ff;color:#fff;font-size:1rem;text-decoration:none;display:inline-flex;align-items:center}
ol{list-style:none;margin:0;padding:0}
li{background:#fff;border-radius:8px;padding:.75rem 1rem;margin:0 0 .5rem;word-break:break-all}
.error{color:#c0392b;font-weight:600}
</style>
</head>
<body>
<main>
<h1>模拟短信平台 · 手机</h1>
<p class="muted">演示用：平台发出的短信都在这里，不会真的发到手机上。</p>
<form method="get" action="{{.Prefix}}/">
<label for="to" class="muted">手机号码</label>
<input id="to" name="to" inputmode="numeric" value="{{.To}}" placeholder="13800000000">
<button type="submit">查看</button>
</form>
{{if .Problem}}<p class="error" role="alert">{{.Problem}}</p>{{end}}
{{range .Phones}}
<section>
<h2><a href="{{$.Prefix}}/?to={{.To}}">{{.To}}</a></h2>
<ol>{{range .Messages}}<li data-ref="{{.Ref}}"><div>{{.Text}}</div><div class="muted">{{at .}}</div></li>{{end}}</ol>
{{if .More}}<p class="muted"><a href="{{$.Prefix}}/?to={{.To}}">另有 {{.More}} 条</a></p>{{end}}
</section>
{{else}}<p class="muted">还没有发出短信。</p>{{end}}
<p><a class="button" href="{{.Prefix}}/{{if .To}}?to={{.To}}{{end}}">刷新</a></p>
</main>
</body>
</html>
`))

func (s *Sim) handlePage(w http.ResponseWriter, r *http.Request) {
	d := phonePage{Prefix: s.opts.Prefix, To: r.URL.Query().Get("to")}
	status := http.StatusOK
	if d.To != "" {
		if m, err := identity.CheckMobile(d.To); err != nil {
			d.Problem, status = onetrip.Render(onetrip.LangZH, "smssim.mobile"), http.StatusBadRequest
		} else {
			d.To = m
		}
	}
	if d.Problem == "" {
		d.Phones = phones(s.Messages(d.To), d.To == "")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = page.Execute(w, d)
}

// phones groups messages by number, newest first, the number with the
// latest message first; short keeps pagePerNumber of each.
func phones(list []Sent, short bool) []phone {
	by := map[string]*phone{}
	var order []*phone
	for i := len(list) - 1; i >= 0; i-- {
		m := list[i]
		p := by[m.To]
		if p == nil {
			p = &phone{To: m.To}
			by[m.To] = p
			order = append(order, p)
		}
		if short && len(p.Messages) == pagePerNumber {
			p.More++
			continue
		}
		p.Messages = append(p.Messages, m)
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Messages[0].At.After(order[j].Messages[0].At) })
	out := make([]phone, len(order))
	for i, p := range order {
		out[i] = *p
	}
	return out
}
