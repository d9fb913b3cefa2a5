// Package stripetest starts stripe-mock, pinned as a Go tool in go.mod,
// for tests of the Stripe adapter: `go tool stripe-mock` builds it on a
// fresh machine, so ./scripts/test needs nothing installed. It also signs
// webhook payloads the way Stripe does, with stripe-go's test helper.
package stripetest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// WebhookSecret is the signing secret tests configure and sign with.
const WebhookSecret = "whsec_hutong_test_secret"

// SecretKey is a test-mode key; stripe-mock accepts any sk_test_ key.
const SecretKey = "sk_test_hutong"

// APIVersion is the version events must carry for stripe-go v76.
var APIVersion = stripego.APIVersion

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary asks the go command for the stripe-mock tool's executable,
// building it once into the build cache.
func binary() (string, error) {
	binOnce.Do(func() {
		out, err := exec.Command("go", "tool", "-n", "stripe-mock").Output()
		if err != nil {
			binErr = fmt.Errorf("go tool -n stripe-mock: %w", err)
			return
		}
		binPath = strings.TrimSpace(string(out))
	})
	return binPath, binErr
}

// Start runs a private stripe-mock on a free port for the test, stopped
// at cleanup, and returns its base URL (http://127.0.0.1:port). It
// validates every request against Stripe's OpenAPI spec (its own, newer
// API version: -strict-version-check would refuse stripe-go v76's).
func Start(tb testing.TB) string {
	tb.Helper()
	bin, err := binary()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin, "-http-port", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start stripe-mock: %v", err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	port := make(chan string, 1)
	go func() {
		// stripe-mock prints "Listening for HTTP at address: [::]:41267".
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(line, "Listening for HTTP at address: "); ok {
				port <- rest[strings.LastIndex(rest, ":")+1:]
			}
		}
		close(port)
	}()
	select {
	case p, ok := <-port:
		if !ok {
			tb.Fatalf("stripe-mock exited: %s", stderr.String())
		}
		return "http://127.0.0.1:" + p
	case <-time.After(60 * time.Second):
		tb.Fatalf("stripe-mock did not start within a minute: %s", stderr.String())
	}
	return ""
}

// Event builds a webhook event of type typ around obj with the API
// version stripe-go v76 expects, and the object's previous attributes
// when given.
func Event(id, typ string, obj map[string]any, previous ...map[string]any) []byte {
	data := map[string]any{"object": obj}
	if len(previous) > 0 {
		data["previous_attributes"] = previous[0]
	}
	b, err := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "api_version": APIVersion,
		"created": time.Now().Unix(), "livemode": false, "pending_webhooks": 1,
		"data": data,
	})
	if err != nil {
		panic(err)
	}
	return b
}

// Sign returns the Stripe-Signature header of payload signed at t with
// WebhookSecret, through stripe-go's GenerateTestSignedPayload.
func Sign(payload []byte, t time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{
		Payload: payload, Secret: WebhookSecret, Timestamp: t,
	}).Header
}

// Session is a checkout.session object for donation id.
func Session(sessionID, donationID, intentID, paymentStatus string, amount int64) map[string]any {
	return map[string]any{
		"id": sessionID, "object": "checkout.session", "client_reference_id": donationID,
		"payment_intent": intentID, "payment_status": paymentStatus, "amount_total": amount,
		"currency": "cny", "metadata": map[string]string{"donation_id": donationID},
	}
}

// PaymentIntent is a payment_intent object for donation id.
func PaymentIntent(intentID, donationID, status, chargeID string, amount int64) map[string]any {
	received := int64(0)
	if status == "succeeded" {
		received = amount
	}
	return map[string]any{
		"id": intentID, "object": "payment_intent", "status": status, "amount": amount,
		"amount_received": received, "currency": "cny", "latest_charge": chargeID,
		"metadata": map[string]string{"donation_id": donationID},
	}
}

// Charge is a charge object with its cumulative refunded amount.
func Charge(chargeID, intentID string, amount, refunded int64) map[string]any {
	return map[string]any{
		"id": chargeID, "object": "charge", "payment_intent": intentID, "amount": amount,
		"amount_refunded": refunded, "refunded": refunded == amount, "currency": "cny",
	}
}

// Refunded is the previous attributes of a charge.refunded event that
// took the refunded total from prev.
func Refunded(prev int64) map[string]any {
	return map[string]any{"amount_refunded": prev, "refunded": false}
}

// Dispute is a dispute object on a charge.
func Dispute(disputeID, chargeID, intentID string, amount int64) map[string]any {
	return map[string]any{
		"id": disputeID, "object": "dispute", "charge": chargeID, "payment_intent": intentID,
		"amount": amount, "currency": "cny", "status": "needs_response",
	}
}
