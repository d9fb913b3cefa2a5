package jobs

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"hutong/domain"
	"hutong/internal/i18n"
	"hutong/search"
)

// SearchSource turns one searchable entity into its document. Load answers
// nil (and no error) when the entity is gone or not public, so that its
// document is removed.
type SearchSource struct {
	Type *search.DocType
	Load func(ctx context.Context, id string) (*search.Document, error)
}

// IndexWorker brings one entity's search document up to date. It rebuilds
// the document from the database each time, so retries and duplicate jobs
// write the newest state; while the index is down the job fails and River
// retries it with growing back-off until the index is back.
type IndexWorker struct {
	river.WorkerDefaults[domain.IndexArgs]
	index   search.Index
	sources map[string]SearchSource
}

// Work loads the entity and upserts or deletes its document.
func (w *IndexWorker) Work(ctx context.Context, job *river.Job[domain.IndexArgs]) error {
	src, ok := w.sources[job.Args.Type]
	if !ok {
		return river.JobCancel(fmt.Errorf("no search source for type %q", job.Args.Type))
	}
	doc, err := src.Load(ctx, job.Args.ID)
	if err != nil {
		return fmt.Errorf("load %s %s: %w", job.Args.Type, job.Args.ID, err)
	}
	if doc == nil {
		return w.index.Delete(ctx, src.Type, job.Args.ID)
	}
	return w.index.Upsert(ctx, src.Type, *doc)
}

// OrganizationSource indexes verified organisations, with service areas
// named in Chinese, and removes the others.
func OrganizationSource(orgs domain.OrganizationService, bundle *i18n.Bundle) SearchSource {
	zh := bundle.Localizer(domain.LocaleZH)
	label := func(area string) string { return zh.T("area." + area) }
	return SearchSource{
		Type: search.Organizations,
		Load: func(ctx context.Context, id string) (*search.Document, error) {
			uid, err := uuid.Parse(id)
			if err != nil {
				return nil, nil
			}
			o, err := orgs.FindOrganizationByID(ctx, uid)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return nil, nil
			} else if err != nil {
				return nil, err
			}
			if !search.OrganizationVisible(o) {
				return nil, nil
			}
			doc := search.OrganizationDocument(o, label)
			return &doc, nil
		},
	}
}
