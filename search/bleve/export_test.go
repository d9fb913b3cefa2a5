package bleve

import (
	"fmt"
	"time"

	"hutong/search"
)

// Settle waits until Bleve's background persister and merger have
// stopped changing t's index, so that benchmarks time searches rather
// than merges competing for the same cores.
func Settle(x *Index, t *search.DocType, limit time.Duration) error {
	idx, err := x.get(t)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(limit)
	last, steady := "", 0
	for steady < 4 {
		if time.Now().After(deadline) {
			return fmt.Errorf("index %s still merging after %s", t.Name, limit)
		}
		time.Sleep(250 * time.Millisecond)
		stats, _ := idx.StatsMap()["index"].(map[string]any)
		now := fmt.Sprint(stats["num_root_memorysegments"], stats["num_root_filesegments"], stats["TotFileMergeIntroductionsDone"])
		if now == last && fmt.Sprint(stats["num_root_memorysegments"]) == "0" {
			steady++
		} else {
			last, steady = now, 0
		}
	}
	return nil
}

// SetParts makes x split every search into n parts of at least minDocs
// documents, so that tests run the parallel path on small indexes.
func SetParts(x *Index, n int, minDocs uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.parts, x.minPart = n, minDocs
}

// ColumnBytes is the memory held by t's in-memory keyword columns.
func ColumnBytes(x *Index, t *search.DocType) int { return x.columnsOf(t).bytes() }
