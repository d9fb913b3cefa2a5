package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"hutong/domain"
	"hutong/internal/config"
	"hutong/internal/i18n"
	"hutong/search"
	"hutong/search/bleve"
	"hutong/search/meili"
)

// openIndex picks the search backend in one switch; an unknown value has
// already stopped start-up in config.Validate, and there is no silent
// fallback from one backend to the other.
func openIndex(cfg *config.Config, log *slog.Logger) (search.Index, error) {
	switch cfg.SearchBackend {
	case config.SearchBleve:
		return bleve.Open(filepath.Join(cfg.DataDir, "search"), log)
	case config.SearchMeilisearch:
		return meili.Open(cfg.MeilisearchURL, cfg.MeilisearchAPIKey, meili.Options{IndexPrefix: "hutong_", Logger: log})
	}
	return nil, fmt.Errorf("unknown SEARCH_BACKEND %q", cfg.SearchBackend)
}

// searchSources lists every searchable type with where its documents come
// from. Projects carry their opening record once opened.
func searchSources(s *services, bundle *i18n.Bundle) []search.Source {
	zh := bundle.Localizer(domain.LocaleZH)
	label := func(area string) string { return zh.T("area." + area) }
	projects := search.ProjectSourceWithOpening(s.projects, label, search.BidOpenings(s.bids))
	return []search.Source{search.OrganizationSource(s.orgs, label), projects,
		search.WishSource(s.wishes), search.ProgrammeSource(s.programmes)}
}

// indexTypes returns a function giving the sources' types with the
// synonyms kept in the database, read afresh on each call so that a retry
// never applies an older list than the one an admin just saved.
func indexTypes(syn domain.SynonymService, sources []search.Source) func(context.Context) ([]*search.DocType, error) {
	return func(ctx context.Context) ([]*search.DocType, error) {
		groups, err := syn.FindSynonyms(ctx)
		if err != nil {
			return nil, fmt.Errorf("load the search synonyms: %w", err)
		}
		types := make([]*search.DocType, len(sources))
		for i, s := range sources {
			types[i] = search.WithSynonyms(s.Type, groups)
		}
		return types, nil
	}
}

// withDatabaseSynonyms gives each source's type the synonyms kept in the
// database, so that reindexing (which runs Init) keeps an admin's list.
func withDatabaseSynonyms(ctx context.Context, syn domain.SynonymService, sources []search.Source) ([]search.Source, error) {
	types, err := indexTypes(syn, sources)(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]search.Source, len(sources))
	for i, s := range sources {
		s.Type = types[i]
		out[i] = s
	}
	return out, nil
}

// initIndex applies the index settings, with the synonyms from the
// database. When the backend is down at start the platform still serves
// (searches answer 503), and this keeps trying in the background until
// the backend is back.
func initIndex(ctx context.Context, idx search.Index, types func(context.Context) ([]*search.DocType, error), log *slog.Logger) {
	apply := func() error {
		ts, err := types(ctx)
		if err != nil {
			return err
		}
		return idx.Init(ctx, ts...)
	}
	err := apply()
	if err == nil {
		return
	}
	log.Error("search index not ready; retrying in the background", "err", err)
	go func() {
		for delay := time.Second; ; delay = min(2*delay, time.Minute) {
			select {
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			if err := apply(); err == nil {
				log.Info("search index ready")
				return
			}
		}
	}()
}

func reindexCommand() *command {
	var only *string
	return &command{
		name:  "reindex",
		usage: "reindex [--type NAME]",
		help: "Rebuild the search index from the database, in batches, with a progress bar.\n\n" +
			"With the embedded Bleve index, stop `hutong serve` first: Bleve allows one process at a time.",
		flags: func(fs *flag.FlagSet) {
			only = fs.String("type", "", "rebuild only this type (e.g. organizations)")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
			if len(args) > 0 {
				return errUsage
			}
			return withSearch(ctx, env, cfg, *only, func(idx search.Index, src search.Source) error {
				total, err := src.Count(ctx)
				if err != nil {
					return err
				}
				started := time.Now()
				n, err := search.Reindex(ctx, idx, src, func(done int) { progressBar(env.Stderr, src.Type.Name, done, total) })
				fmt.Fprintln(env.Stderr)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%s: %d documents in %s\n", src.Type.Name, n, time.Since(started).Round(time.Millisecond))
				return nil
			})
		},
	}
}

func searchCommand() *command {
	var fix *bool
	return &command{
		name:  "search",
		usage: "search verify [--fix]",
		help: "Compare the search index with the database by id and version, and report the drift.\n\n" +
			"Exits 1 when the index has drifted; with --fix it repairs the drift (missing, stale and extra documents).",
		flags: func(fs *flag.FlagSet) {
			fix = fs.Bool("fix", false, "write missing and stale documents and remove extra ones")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, fs *flag.FlagSet, args []string) error {
			// Accept the flag after the subcommand too: `search verify --fix`.
			if len(args) > 0 && args[0] == "verify" {
				if err := fs.Parse(args[1:]); err != nil {
					return errUsage
				}
				args = append([]string{"verify"}, fs.Args()...)
			}
			if len(args) != 1 || args[0] != "verify" {
				return errUsage
			}
			drifted := false
			err := withSearch(ctx, env, cfg, "", func(idx search.Index, src search.Source) error {
				d, err := search.Verify(ctx, idx, src, *fix)
				if err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, d)
				drifted = drifted || !d.Clean()
				return nil
			})
			if err == nil && drifted && !*fix {
				err = errors.New("the index has drifted from the database: run `hutong search verify --fix` or `hutong reindex`")
			}
			return err
		},
	}
}

// withSearch opens the database and the index and runs fn for each
// source, or only the one named by only.
func withSearch(ctx context.Context, env Env, cfg *config.Config, only string, fn func(search.Index, search.Source) error) error {
	log := newLogger(env, cfg)
	p, err := openPlatform(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer p.Close()
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	idx, err := openIndex(cfg, log)
	if err != nil {
		return err
	}
	defer idx.Close()
	sources, err := withDatabaseSynonyms(ctx, p.svc.synonyms, searchSources(p.svc, bundle))
	if err != nil {
		return err
	}
	found := false
	for _, src := range sources {
		if only != "" && src.Type.Name != only {
			continue
		}
		found = true
		if err := fn(idx, src); err != nil {
			return fmt.Errorf("%s: %w", src.Type.Name, err)
		}
	}
	if !found {
		return fmt.Errorf("unknown search type %q", only)
	}
	return nil
}

// progressBar redraws one line: name, a bar, done of total.
func progressBar(w io.Writer, name string, done, total int) {
	const width = 30
	filled := width
	if total > 0 && done < total {
		filled = width * done / total
	}
	fmt.Fprintf(w, "\r%-14s [%s%s] %d/%d", name, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total)
}
