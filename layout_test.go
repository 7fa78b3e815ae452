package annals_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayout checks that imports run one way (see README, "Project
// layout"): extract never imports the network, archive never sees colly,
// goquery or net/http, the export encoders read no archive, and the three
// packages meet only in ingest and cmd/annals.
func TestLayout(t *testing.T) {
	// Only ingest and the command bring crawler, extract and archive
	// together.
	all, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list ./...: %v\n%s", err, all)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(all)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		n := 0
		for _, imp := range f[1:] {
			switch imp {
			case "github.com/annals-dev/annals/crawler", "github.com/annals-dev/annals/extract", "github.com/annals-dev/annals/archive":
				n++
			}
		}
		if n == 3 && f[0] != "github.com/annals-dev/annals/ingest" && f[0] != "github.com/annals-dev/annals/cmd/annals" {
			t.Errorf("%s imports crawler, extract and archive together: that is ingest's work", f[0])
		}
	}

	// extract parses with goquery, whose package also offers a fetching
	// helper (so net/http is among its dependencies); extract's own code
	// must not import anything that fetches.
	direct, err := exec.Command("go", "list", "-f", "{{join .Imports \" \"}}", "./extract").CombinedOutput()
	if err != nil {
		t.Fatalf("go list ./extract: %v\n%s", err, direct)
	}
	for _, imp := range strings.Fields(string(direct)) {
		if imp == "net/http" || imp == "net" || strings.HasPrefix(imp, "net/http/") {
			t.Errorf("extract imports %s", imp)
		}
	}
	forbidden := map[string][]string{
		"./extract": {"github.com/gocolly/colly/v2", "go.etcd.io/bbolt", "/archive", "/crawler"},
		"./archive": {"net/http", "github.com/gocolly/colly/v2", "github.com/PuerkitoBio/goquery", "golang.org/x/net/html", "/extract", "/crawler"},
		"./crawler": {"go.etcd.io/bbolt", "/extract", "/archive"},
		// Export encoders take versions from cmd/annals; they read no archive.
		"./internal/export": {"go.etcd.io/bbolt", "/extract", "/archive", "/crawler"},
		".":                 {"net/http", "github.com/", "golang.org/x/", "go.etcd.io/"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == "github.com/annals-dev/annals" {
				continue // the root package itself
			}
			for _, b := range bad {
				if dep == b || strings.HasPrefix(b, "/") && strings.HasSuffix(dep, "/annals"+b) || strings.HasSuffix(b, "/") && strings.HasPrefix(dep, b) && pkg == "." {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
