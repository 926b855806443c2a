package paysim

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"onetrip"
)

// onlineChannels are the choices of the hosted page; the window channel is
// the window's scanner, not a browser.
var onlineChannels = []struct{ Value, ZH, EN string }{
	{"card", "银行卡", "Bank card"},
	{"alipay", "支付宝", "Alipay"},
	{"wechat", "微信", "WeChat Pay"},
}

func onlineChannel(c string) bool {
	for _, o := range onlineChannels {
		if o.Value == c {
			return true
		}
	}
	return false
}

type pageData struct {
	Title, TitleEN     string
	Department, Item   string
	Yuan, Code, Case   string
	Payer, Action      string
	Channels           any
	Paid               bool
	Failed             bool
	Message, MessageEN string
	ReturnURL          string
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · 统一公共支付平台（模拟）</title>
<style>
body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f6f9;color:#1f2329}
main{max-width:32rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.5rem 0 1rem}
.en{color:#646a73;font-size:.875rem}
dl{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem}
dt{color:#646a73;font-size:.875rem}
dd{margin:0 0 .75rem;font-weight:600;word-break:break-all}
.amount{font-size:1.5rem;color:#c0392b}
fieldset{border:0;background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem}
label{display:flex;align-items:center;gap:.5rem;min-height:44px}
input[type=radio]{width:22px;height:22px}
button,.button{display:block;box-sizing:border-box;width:100%;min-height:44px;margin:.5rem 0;padding:.625rem;border:1px solid #1664ff;
border-radius:8px;font-size:1rem;background:#fff;color:#1664ff;text-align:center;text-decoration:none}
button.primary{background:#1664ff;color:#fff}
.notice{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem;font-weight:600}
</style>
</head>
<body>
<main>
<h1>{{.Title}} <span class="en">{{.TitleEN}}</span></h1>
{{if .Message}}<p class="notice" role="status">{{.Message}} <span class="en">{{.MessageEN}}</span></p>{{end}}
<dl>
<dt>收款单位 <span class="en">Payee</span></dt><dd>{{.Department}}</dd>
<dt>事项 <span class="en">Service</span></dt><dd>{{.Item}}</dd>
{{if .Case}}<dt>办件编号 <span class="en">Case</span></dt><dd>{{.Case}}</dd>{{end}}
{{if .Payer}}<dt>缴款人 <span class="en">Payer</span></dt><dd>{{.Payer}}</dd>{{end}}
<dt>金额 <span class="en">Amount</span></dt><dd class="amount">¥{{.Yuan}} 元</dd>
<dt>缴款码 <span class="en">Payment code</span></dt><dd>{{.Code}}</dd>
</dl>
{{if .Paid}}<p class="notice">已支付 <span class="en">Paid</span></p>
{{if .ReturnURL}}<a class="button" href="{{.ReturnURL}}">返回办事页面 <span class="en">Back to the service</span></a>{{end}}
{{else if .Failed}}<a class="button" href="{{.Action}}">重新支付 <span class="en">Try again</span></a>
{{else}}<form method="post" action="{{.Action}}">
<fieldset>
<legend>支付方式 <span class="en">Pay with</span></legend>
{{range $i, $c := .Channels}}<label><input type="radio" name="channel" value="{{$c.Value}}"{{if eq $i 1}} checked{{end}}> {{$c.ZH}} <span class="en">{{$c.EN}}</span></label>
{{end}}</fieldset>
<button class="primary" name="outcome" value="success">确认支付 <span class="en">Pay</span></button>
<button name="outcome" value="fail">模拟失败 <span class="en">Simulate a failure</span></button>
<button name="outcome" value="abandon">放弃支付 <span class="en">Cancel</span></button>
</form>{{end}}
</main>
</body>
</html>
`))

func (s *Sim) data(o *order) pageData {
	fen := o.amount
	return pageData{Title: "缴费", TitleEN: "Payment", Department: o.departmentName, Item: o.itemName,
		Yuan: strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(fen%100+100, 10)[1:], Code: o.code, Case: o.caseNumber,
		Payer: o.payerName, Action: s.opts.Prefix + "/orders/" + o.token, Channels: onlineChannels, Paid: o.paid,
		ReturnURL: o.returnURL}
}

func render(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = page.Execute(w, d)
}

func (s *Sim) lookup(w http.ResponseWriter, r *http.Request) (*order, pageData, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.byToken[r.PathValue("token")]
	if o == nil {
		render(w, http.StatusNotFound, pageData{Title: "页面不存在", TitleEN: "Not found",
			Message: onetrip.Render(onetrip.LangZH, "paysim.token_unknown"), MessageEN: onetrip.Render(onetrip.LangEN, "paysim.token_unknown"), Paid: true})
		return nil, pageData{}, false
	}
	return o, s.data(o), true
}

func (s *Sim) handlePage(w http.ResponseWriter, r *http.Request) {
	if _, d, ok := s.lookup(w, r); ok {
		render(w, http.StatusOK, d)
	}
}

func (s *Sim) handlePagePost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxRequest)
	o, d, ok := s.lookup(w, r)
	if !ok {
		return
	}
	refuse := func(status int, key string) {
		d.Message, d.MessageEN = onetrip.Render(onetrip.LangZH, key), onetrip.Render(onetrip.LangEN, key)
		render(w, status, d)
	}
	if err := r.ParseForm(); err != nil {
		refuse(http.StatusBadRequest, "paysim.body")
		return
	}
	if d.Paid {
		refuse(http.StatusConflict, "paysim.already_paid")
		return
	}
	outcome, channel := r.PostForm.Get("outcome"), r.PostForm.Get("channel")
	switch outcome {
	case "success", "fail":
		if !onlineChannel(channel) {
			refuse(http.StatusBadRequest, "paysim.channel")
			return
		}
	case "abandon":
		http.Redirect(w, r, withQuery(d.ReturnURL, "abandoned"), http.StatusSeeOther)
		return
	default:
		refuse(http.StatusBadRequest, "paysim.outcome")
		return
	}
	if outcome == "fail" {
		if err := s.fail(o, channel); err != nil {
			refuse(http.StatusInternalServerError, "err.internal")
			return
		}
		d.Failed, d.Title, d.TitleEN = true, "支付失败", "Payment failed"
		refuse(http.StatusOK, "paysim.failed")
		return
	}
	_, first, err := s.pay(o, channel)
	if err != nil { // paid meanwhile by another request
		d.Paid = true
		refuse(http.StatusConflict, "paysim.already_paid")
		return
	}
	s.waitFirst(first) // the callback comes before the browser returns
	http.Redirect(w, r, withQuery(d.ReturnURL, "paid"), http.StatusSeeOther)
}

// withQuery adds name=1 to a return URL, keeping its own query.
func withQuery(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil { // checked when the order was opened
		return raw
	}
	q := u.Query()
	q.Set(name, "1")
	u.RawQuery = q.Encode()
	return u.String()
}
