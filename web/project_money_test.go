package web_test

import (
	"testing"

	"hutong/web"
)

func TestParseYuan(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"1,234.56":             123456,
		"1234.56":              123456,
		"800000":               80000000,
		"800,000.5":            80000050,
		"0.1":                  10,
		"0.01":                 1,
		"0":                    0,
		" ¥12,000 ":            1200000,
		"￥3.30":                330,
		"1，000":                100000,
		"007":                  700,
		"999,999,999,999.99":   99999999999999,
		"9,999,999,999,999.99": 999999999999999,
	} {
		got, ok := web.ParseYuan(in)
		if !ok || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{
		"12.345", "", " ", "-5", "+5", "1.", ".5", "1,23", "12,34.5", "1,2345", ",123", "1e3",
		"12.3.4", "abc", "１２", "1 000", "0x10", "NaN", "9999999999999999", "1234567890123456.00",
	} {
		if got, ok := web.ParseYuan(in); ok {
			t.Errorf("ParseYuan(%q) = %d, want an error", in, got)
		}
	}
}

func TestFormatYuan(t *testing.T) {
	t.Parallel()
	for fen, want := range map[int64]string{
		0: "0.00", 1: "0.01", 99: "0.99", 100: "1.00", 123456: "1,234.56",
		80000050: "800,000.50", 100000000000: "1,000,000,000.00", -123456: "-1,234.56",
	} {
		if got := web.FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %q, want %q", fen, got, want)
		}
	}
}
