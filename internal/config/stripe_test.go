package config

import "testing"

func TestStripeSettings(t *testing.T) {
	t.Parallel()
	t.Run("api base is read", func(t *testing.T) {
		t.Parallel()
		c, err := FromEnv(envOf(map[string]string{"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
			"STRIPE_API_BASE": "http://127.0.0.1:12111/"}))
		if err != nil {
			t.Fatal(err)
		}
		if c.StripeAPIBase != "http://127.0.0.1:12111" || c.StripeSecretKey != "sk_test_x" || c.StripeWebhookKey != "whsec_x" {
			t.Fatalf("%+v", c)
		}
	})
	t.Run("bad api base is refused", func(t *testing.T) {
		t.Parallel()
		if _, err := FromEnv(envOf(map[string]string{"STRIPE_API_BASE": "ftp://x"})); err == nil {
			t.Fatal("an ftp Stripe API base was accepted")
		}
	})
	t.Run("no secret key means no stripe", func(t *testing.T) {
		t.Parallel()
		c, err := FromEnv(envOf(nil))
		if err != nil || c.StripeSecretKey != "" {
			t.Fatalf("%+v %v", c, err)
		}
	})
}
