package ocds

import (
	"strconv"
	"strings"

	"hutong/domain"
)

// Amount is money in integer fen, written to JSON as the exact decimal
// number of yuan OCDS expects (123456 → 1234.56, 120000 → 1200): a
// float would round budgets that a bureau published to the fen.
type Amount int64

// MarshalJSON writes the yuan as a JSON number without trailing zeros.
func (a Amount) MarshalJSON() ([]byte, error) {
	n := int64(a)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := sign + strconv.FormatInt(n/100, 10)
	if frac := n % 100; frac != 0 {
		s += strings.TrimRight("."+twoDigits(frac), "0")
	}
	return []byte(s), nil
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// CNY is a Value of fen in renminbi, the only currency Hutong handles.
func CNY(fen int64) *Value {
	return &Value{Amount: Amount(fen), Currency: domain.CurrencyCNY}
}
