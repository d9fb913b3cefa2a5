package domain_test

import (
	"encoding/json"
	"testing"
	"time"

	"hutong/domain"
)

func TestDate(t *testing.T) {
	t.Parallel()
	t.Run("ShanghaiDayOfUTC", func(t *testing.T) {
		t.Parallel()
		// 16:30 UTC on 30 September is already 1 October in Beijing.
		if got := domain.DateOf(time.Date(2025, 9, 30, 16, 30, 0, 0, time.UTC)); got != domain.NewDate(2025, 10, 1) {
			t.Errorf("DateOf = %s", got)
		}
	})
	t.Run("JSONRoundTrip", func(t *testing.T) {
		t.Parallel()
		b, err := json.Marshal(struct{ D, Z domain.Date }{D: domain.NewDate(2026, 2, 28)})
		if err != nil || string(b) != `{"D":"2026-02-28","Z":null}` {
			t.Fatalf("marshal = %s, %v", b, err)
		}
		var back struct{ D, Z domain.Date }
		if err := json.Unmarshal(b, &back); err != nil || back.D != domain.NewDate(2026, 2, 28) || !back.Z.IsZero() {
			t.Fatalf("unmarshal = %+v, %v", back, err)
		}
	})
	t.Run("ErrBadJSON", func(t *testing.T) {
		t.Parallel()
		var d domain.Date
		if err := json.Unmarshal([]byte(`"2026-02-30"`), &d); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("want EINVALID, got %v", err)
		}
	})
	t.Run("DaysBetweenAcrossMonths", func(t *testing.T) {
		t.Parallel()
		if n := domain.DaysBetween(domain.NewDate(2026, 2, 14), domain.NewDate(2026, 3, 6)); n != 20 {
			t.Errorf("DaysBetween = %d, want 20", n)
		}
		if n := domain.DaysBetween(domain.NewDate(2026, 3, 6), domain.NewDate(2026, 2, 14)); n != -20 {
			t.Errorf("reversed DaysBetween = %d, want -20", n)
		}
	})
	t.Run("ScanFromDriver", func(t *testing.T) {
		t.Parallel()
		var d domain.Date
		if err := d.Scan(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)); err != nil || d != domain.NewDate(2025, 10, 1) {
			t.Errorf("Scan(time) = %s, %v", d, err)
		}
		if err := d.Scan("2025-10-08"); err != nil || d != domain.NewDate(2025, 10, 8) {
			t.Errorf("Scan(text) = %s, %v", d, err)
		}
	})
}
