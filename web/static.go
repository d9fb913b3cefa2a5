package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// staticFS holds the stylesheet and icon.
//
//go:embed static
var staticFS embed.FS

// asset is one static file with its content hash, which versions its URL.
type asset struct {
	body []byte
	hash string
	mime string
}

// assets are the embedded static files, read once.
type assets struct {
	files map[string]asset
}

// loadAssets reads every static file and hashes it.
func loadAssets() (*assets, error) {
	a := &assets{files: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		a.files[name] = asset{body: b, hash: hex.EncodeToString(sum[:6]), mime: mime.TypeByExtension(path.Ext(p))}
		return nil
	})
	return a, err
}

// url returns a file's address with its content hash, so browsers may keep
// it for a long time and still see a change at once.
func (a *assets) url(name string) string {
	return "/static/" + name + "?v=" + a.files[name].hash
}

// serveStatic answers /static/<name>. A versioned request (the hash
// matches) may be cached for a year; others for an hour.
func (s *Server) serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("path"), "/")
	f, ok := s.assets.files[name]
	if !ok {
		c.Status(http.StatusNotFound)
		return
	}
	cache := "public, max-age=3600"
	if c.Query("v") == f.hash {
		cache = "public, max-age=31536000, immutable"
	}
	c.Header("Cache-Control", cache)
	c.Header("ETag", `"`+f.hash+`"`)
	if c.GetHeader("If-None-Match") == `"`+f.hash+`"` {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, f.mime, f.body)
}
