package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/httpapi/apiclient"
	"onetrip/idcode"
	"onetrip/jobs"
)

// conformingDoer sends the generated client's requests and holds every
// answer to the OpenAPI document, as Env.Do does for the other tests.
type conformingDoer struct{ t *testing.T }

func (d conformingDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if msg := apptest.Conforms(req, resp.StatusCode, resp.Header, body); msg != "" {
		d.t.Error(msg)
	}
	return resp, nil
}

// TestGeneratedClientRunsTheDepartmentFlow is a department system written
// against the OpenAPI document alone: a client oapi-codegen generated from
// it (httpapi/apiclient) registers a webhook, works its queue (list, open,
// decide) and receives the signed deliveries, decoding each into the
// document's own types, with delivery numbers from 1 without gaps.
func TestGeneratedClientRunsTheDepartmentFlow(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		token := e.Token("qz.system")
		client, err := apiclient.NewClientWithResponses(e.URL, apiclient.WithHTTPClient(conformingDoer{t}),
			apiclient.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
				r.Header.Set("Authorization", "Bearer "+token)
				return nil
			}))
		if err != nil {
			t.Fatal(err)
		}

		// The receiver checks each signature and decodes by event.
		secret := make(chan string, 1)
		type delivery struct {
			event string
			seq   int
			body  []byte
		}
		got := make(chan delivery, 64)
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			s := <-secret
			secret <- s
			if !jobs.VerifySignature(s, body, r.Header.Get(jobs.SignatureHeader), time.Now()) {
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
			var env apiclient.CaseworkNotification
			if err := json.Unmarshal(body, &env); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if env.DeliverySeq == nil || r.Header.Get("X-Onetrip-Event") != string(env.Event) {
				http.Error(w, "no delivery_seq or wrong event header", http.StatusBadRequest)
				return
			}
			got <- delivery{string(env.Event), *env.DeliverySeq, body}
		}))
		defer recv.Close()

		hook, err := client.PostWebhooksWithResponse(ctx, apiclient.PostWebhooksJSONRequestBody{Url: recv.URL})
		if err != nil || hook.JSON201 == nil || hook.JSON201.Secret == nil {
			t.Fatalf("register: %v %s", err, hook.Body)
		}
		secret <- *hook.JSON201.Secret

		c := acceptBundle(t, e, "B-RESTAURANT", nil)

		ready := apiclient.GetTasksParamsStatus("ready")
		queue, err := client.GetTasksWithResponse(ctx, &apiclient.GetTasksParams{Status: &ready})
		if err != nil || queue.JSON200 == nil {
			t.Fatalf("queue: %v %s", err, queue.Body)
		}
		var taskID string
		for _, x := range *queue.JSON200 {
			if x.CaseId == c.ID {
				taskID = x.Id
			}
		}
		if taskID == "" {
			t.Fatalf("the case's task is not in the queue: %s", queue.Body)
		}
		opened, err := client.GetTasksIdWithResponse(ctx, taskID)
		if err != nil || opened.JSON200 == nil || opened.JSON200.Case == nil {
			t.Fatalf("open: %v %s", err, opened.Body)
		}
		if opened.JSON200.Case.Form == nil || opened.JSON200.Case.Status != apiclient.CaseworkCaseStatus("in_review") && opened.JSON200.Case.Status != "accepted" {
			t.Fatalf("the opened case does not read: %+v", opened.JSON200.Case)
		}

		item, err := client.GetItemsCodeWithResponse(ctx, opened.JSON200.Step, &apiclient.GetItemsCodeParams{})
		if err != nil || item.JSON200 == nil || len(item.JSON200.Outputs) == 0 {
			t.Fatalf("the step's outputs: %v %s", err, item.Body)
		}

		// An output the item does not have is refused, naming it.
		bad := map[string]string{"不存在的输出": "x"}
		refused, err := client.PostTasksIdDecisionWithResponse(ctx, taskID, apiclient.CaseworkDecision{Decision: "approve",
			Outputs: &bad, Version: opened.JSON200.Version})
		if err != nil || refused.JSON400 == nil || len(*refused.JSON400.Error.Details) == 0 || (*refused.JSON400.Error.Details)[0].Path != "outputs.不存在的输出" {
			t.Fatalf("unknown output: %v %d %s", err, refused.StatusCode(), refused.Body)
		}

		outputs := map[string]string{"统一社会信用代码": idcode.MakeOrgUSCC("91", "330802", "MA2D0003"), "名称": "衢州市卫东餐饮有限公司"}
		opinion := "材料齐全，符合条件"
		decided, err := client.PostTasksIdDecisionWithResponse(ctx, taskID, apiclient.CaseworkDecision{Decision: "approve",
			Opinion: &opinion, Outputs: &outputs, Version: opened.JSON200.Version})
		if err != nil || decided.JSON200 == nil || decided.JSON200.Status != "approved" {
			t.Fatalf("decide: %v %s", err, decided.Body)
		}
		again, err := client.PostTasksIdDecisionWithResponse(ctx, taskID, apiclient.CaseworkDecision{Decision: "approve",
			Opinion: &opinion, Outputs: &outputs, Version: opened.JSON200.Version})
		if err != nil || again.JSON409 == nil {
			t.Fatalf("a stale version must be 409: %v %s", err, again.Body)
		}

		// Deliveries: case.accepted, task.ready … task.decided, numbered
		// 1, 2, 3 … in the order they come (one case: its event order).
		next := 1
		timeout := time.After(60 * time.Second)
		for {
			var d delivery
			select {
			case d = <-got:
			case <-timeout:
				t.Fatalf("no task.decided delivery; got up to delivery %d", next-1)
			}
			if d.seq != next {
				t.Fatalf("delivery_seq %d, want %d (no gaps)", d.seq, next)
			}
			next++
			if d.event != "task.decided" {
				continue
			}
			var n apiclient.NotificationTaskDecided
			if err := json.Unmarshal(d.body, &n); err != nil {
				t.Fatal(err)
			}
			if n.Data.Task != taskID || n.Data.Decision != "approved" || n.Data.Outputs["名称"] != outputs["名称"] || n.CaseId != c.ID {
				t.Fatalf("task.decided: %+v", n)
			}
			break
		}

		log, err := client.GetWebhooksIdDeliveriesWithResponse(ctx, hook.JSON201.Id)
		if err != nil || log.JSON200 == nil || len(*log.JSON200) < next-1 {
			t.Fatalf("delivery log: %v %s", err, log.Body)
		}
		for _, d := range *log.JSON200 {
			if d.Body.CaseId != c.ID || (d.Status == "delivered" && d.Body.DeliverySeq == nil) {
				t.Fatalf("a delivery's body does not read as an object: %+v", d.Body)
			}
		}
	})
}
