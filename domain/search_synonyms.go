package domain

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ActionSearchSynonyms is editing the search synonyms, which change what
// every searcher finds; only a platform admin may.
const ActionSearchSynonyms Action = "search.synonyms"

// AuditSearchSynonymsReplaced records a replacement of the synonym list.
const AuditSearchSynonymsReplaced = "search.synonyms_replaced"

// Limits of the synonym list: enough for a domain's vocabulary, small
// enough that expanding a query stays cheap on every backend.
const (
	MaxSynonymGroups    = 200
	MinSynonymGroupSize = 2
	MaxSynonymGroupSize = 20
	MaxSynonymRunes     = 20
)

// SearchSettingsArgs is the job that re-applies the index settings (the
// synonyms) of every search type after they change. The service inserts
// it in the transaction of the change, so a committed edit always reaches
// the index, even when the index is down at that moment.
type SearchSettingsArgs struct{}

// Kind names the job for the queue.
func (SearchSettingsArgs) Kind() string { return "search_settings" }

// SynonymService keeps the groups of words searchers treat as one (e.g.
// 心理疏导 / 心理辅导 / 心理咨询), as data a platform admin edits.
type SynonymService interface {
	// FindSynonyms returns every group, in the order they were saved.
	FindSynonyms(ctx context.Context) ([][]string, error)
	// ReplaceSynonyms replaces the whole list with groups (normalised by
	// NormalizeSynonyms) and returns what was saved.
	ReplaceSynonyms(ctx context.Context, actor *Actor, groups [][]string) ([][]string, error)
}

// synonymSeparators are the characters the admin page splits a line on;
// a word may not hold them, so that a saved list reads back the same.
const synonymSeparators = "/，,、"

// NormalizeSynonyms trims every word and checks the list: at most 200
// groups, each of 2 to 20 distinct non-empty words of at most 20
// characters, and no word in two groups (a word meaning two things would
// merge both groups at query time). Any problem is EINVALID on "groups".
func NormalizeSynonyms(groups [][]string) ([][]string, error) {
	if len(groups) > MaxSynonymGroups {
		return nil, Invalid("groups", "must be at most 200 groups")
	}
	out := make([][]string, 0, len(groups))
	owner := map[string]int{}
	for i, g := range groups {
		if len(g) < MinSynonymGroupSize || len(g) > MaxSynonymGroupSize {
			return nil, Invalid("groups", "each group must have 2 to 20 words")
		}
		words := make([]string, len(g))
		for j, w := range g {
			w = trimSpace(w)
			if msg := synonymWordProblem(w); msg != "" {
				return nil, Invalid("groups", msg)
			}
			if prev, ok := owner[w]; ok && prev == i {
				return nil, Invalid("groups", "a group has the word "+w+" twice")
			} else if ok {
				return nil, Invalid("groups", "the word "+w+" is in two groups")
			}
			owner[w], words[j] = i, w
		}
		out = append(out, words)
	}
	return out, nil
}

// synonymWordProblem says what is wrong with one word, or "".
func synonymWordProblem(w string) string {
	switch {
	case w == "":
		return "words must not be empty"
	case utf8.RuneCountInString(w) > MaxSynonymRunes:
		return "words must be at most 20 characters"
	case strings.ContainsAny(w, synonymSeparators) || strings.IndexFunc(w, unicode.IsSpace) >= 0:
		return "words must not contain spaces or the separators / ， , 、"
	}
	return ""
}
