package demo

import (
	"fmt"

	"hutong/domain"
)

// creditCodeChars is the GB 32100-2015 character set, in value order.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// CreditCode completes the first 17 characters of a unified social credit
// code with its check character. It asks domain.NormalizeCreditCode, the
// one validator, which of the 31 candidates it accepts, rather than
// repeating the GB 32100 arithmetic here.
func CreditCode(first17 string) (string, error) {
	if len(first17) != 17 {
		return "", fmt.Errorf("credit code prefix %q must be 17 characters", first17)
	}
	for _, c := range creditCodeChars {
		if code, ok := domain.NormalizeCreditCode(first17 + string(c)); ok {
			return code, nil
		}
	}
	return "", fmt.Errorf("credit code prefix %q has characters outside GB 32100", first17)
}
