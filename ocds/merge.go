package ocds

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// omitWhenMerged are the release fields the schema marks omitWhenMerged:
// they describe one release, not the process, so a compiled release
// sets its own.
var omitWhenMerged = map[string]bool{"id": true, "date": true, "tag": true, "publisher": true, "links": true}

// Compile merges a process's releases, oldest first, into its compiled
// release following the OCDS merge rules: objects merge field by field;
// a null removes a field; arrays of objects that all carry an id merge
// item by item on that id (items earlier releases had stay); any other
// array, and every array the schema marks wholeListMerge, is replaced
// whole by the later release's. (Hutong emits none of the wholeListMerge
// arrays, whose items would carry ids.) The compiled release's id is
// "{ocid}-{latest date}", its date the latest date, its tag "compiled".
func Compile(releases []json.RawMessage) (json.RawMessage, error) {
	if len(releases) == 0 {
		return nil, fmt.Errorf("ocds: no releases to compile")
	}
	compiled := map[string]any{}
	var latest time.Time
	var latestText string
	for i, raw := range releases {
		var r map[string]any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber() // amounts stay the exact decimals they were written as
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("ocds: release %d: %w", i, err)
		}
		if s, _ := r["date"].(string); s != "" {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil && !t.Before(latest) {
				latest, latestText = t, s
			}
		}
		for k := range omitWhenMerged {
			delete(r, k)
		}
		mergeObject(compiled, r)
	}
	ocid, _ := compiled["ocid"].(string)
	compiled["id"] = ocid + "-" + latestText
	compiled["date"] = latestText
	compiled["tag"] = []string{TagCompiled}
	return json.Marshal(compiled)
}

// mergeObject merges src into dst in place.
func mergeObject(dst, src map[string]any) {
	for k, v := range src {
		switch v := v.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			d, ok := dst[k].(map[string]any)
			if !ok {
				d = map[string]any{}
			}
			mergeObject(d, v)
			dst[k] = d
		case []any:
			dst[k] = mergeArray(dst[k], v)
		default:
			dst[k] = v
		}
	}
}

// mergeArray merges arrays of identified objects by id and replaces any
// other array.
func mergeArray(old any, src []any) []any {
	if !identified(src) {
		return src
	}
	dst, _ := old.([]any)
	if !identified(dst) {
		dst = nil
	}
	for _, item := range src {
		obj := item.(map[string]any)
		i := indexOfID(dst, obj["id"])
		if i < 0 {
			merged := map[string]any{}
			mergeObject(merged, obj)
			dst = append(dst, merged)
			continue
		}
		mergeObject(dst[i].(map[string]any), obj)
	}
	if dst == nil {
		dst = []any{}
	}
	return dst
}

// identified reports whether every item is an object with an id.
func identified(items []any) bool {
	for _, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := obj["id"]; !ok {
			return false
		}
	}
	return len(items) > 0
}

func indexOfID(items []any, id any) int {
	want := fmt.Sprint(id)
	for i, it := range items {
		if fmt.Sprint(it.(map[string]any)["id"]) == want {
			return i
		}
	}
	return -1
}
