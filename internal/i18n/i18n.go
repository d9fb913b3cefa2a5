// Package i18n holds Hutong's message catalogues (zh-CN first, English
// second) and resolves a message in a reader's language. Pages, API
// problem titles and mail all read from here.
package i18n

import (
	"embed"
	"io/fs"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Catalogues are TOML files named "<area>.<lang>.toml", e.g.
// "web.zh-CN.toml" and "notify.en.toml"; each area keeps its own file.
//
//go:embed locales/*.toml
var catalogues embed.FS

// Bundle is the loaded set of catalogues. It is safe for concurrent use.
type Bundle struct {
	b *goi18n.Bundle
}

// New loads every embedded catalogue. A malformed catalogue is a build
// mistake, so tests catch it; New returns the error for main to report.
func New() (*Bundle, error) {
	b := goi18n.NewBundle(language.MustParse("zh-CN"))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	// The matcher falls back to the first language added, so zh-CN must
	// come first whatever order the files are read in.
	if err := b.AddMessages(language.MustParse("zh-CN"), &goi18n.Message{ID: "lang.code", Other: "zh-CN"}); err != nil {
		return nil, err
	}
	files, err := fs.Glob(catalogues, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(catalogues, f); err != nil {
			return nil, err
		}
	}
	return &Bundle{b: b}, nil
}

// Localizer renders messages in the first language of langs that Hutong
// has, falling back to zh-CN.
type Localizer struct {
	l    *goi18n.Localizer
	Lang string
}

// Localizer returns a localizer for langs (language tags or
// Accept-Language values, most preferred first).
func (b *Bundle) Localizer(langs ...string) *Localizer {
	l := goi18n.NewLocalizer(b.b, supported(langs)...)
	lang, err := l.Localize(&goi18n.LocalizeConfig{MessageID: "lang.code"})
	if err != nil {
		lang = "zh-CN"
	}
	return &Localizer{l: l, Lang: lang}
}

// T renders message id with data. A missing message renders as its id,
// which the catalogue test catches before it reaches a reader.
func (l *Localizer) T(id string, data ...map[string]any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := l.l.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// Has reports whether message id exists in the reader's language or the
// default.
func (l *Localizer) Has(id string) bool {
	_, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// supported keeps only the Chinese and English tags of langs, in order.
// The matcher would otherwise answer English for any language it does not
// know, while Hutong's readers expect Chinese.
func supported(langs []string) []string {
	var out []string
	for _, l := range langs {
		tags, _, err := language.ParseAcceptLanguage(l)
		if err != nil {
			continue
		}
		for _, t := range tags {
			if base, _ := t.Base(); base.String() == "zh" || base.String() == "en" {
				out = append(out, t.String())
			}
		}
	}
	return out
}
