package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
)

// TestPrivateAddress plays a public site on 127.0.0.2 (nonPublic is told
// so) whose seed pages redirect to the machine's own services: loopback on
// another port, by address and by name, and a cloud metadata address.
// None is reached unless AllowPrivate is set.
func TestPrivateAddress(t *testing.T) {
	public := netip.MustParseAddr("127.0.0.2")
	orig := nonPublic
	nonPublic = func(ip netip.Addr) bool { return ip.Unmap() != public && orig(ip) }
	defer func() { nonPublic = orig }()

	var mu sync.Mutex
	var reached []string
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		reached = append(reached, r.URL.Path)
		mu.Unlock()
		fmt.Fprint(w, `<!DOCTYPE html><title>internal</title><p>secrets</p>`)
	}))
	defer internal.Close()
	_, port, _ := net.SplitHostPort(internal.Listener.Addr().String())

	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on this machine: %v", err)
	}
	site := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/loopback":
			http.Redirect(w, r, "http://127.0.0.1:"+port+"/loopback", http.StatusFound)
		case "/name":
			http.Redirect(w, r, "http://localhost:"+port+"/name", http.StatusFound)
		case "/metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		default:
			fmt.Fprint(w, `<!DOCTYPE html><title>public</title><p>hello</p>`)
		}
	}))
	site.Listener.Close()
	site.Listener = ln
	site.Start()
	defer site.Close()

	seeds := []string{site.URL + "/loopback", site.URL + "/name", site.URL + "/metadata", site.URL + "/"}
	crawl := func(allow bool) (*Summary, map[string]bool) {
		got := map[string]bool{}
		var gmu sync.Mutex
		sum, err := New(&Options{Depth: 0, AllowPrivate: allow, Retries: -1}).Run(context.Background(), seeds,
			func(_ context.Context, p *Page) error {
				gmu.Lock()
				got[p.URL] = true
				gmu.Unlock()
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		return sum, got
	}

	sum, got := crawl(false)
	mu.Lock()
	if len(reached) != 0 {
		t.Errorf("the internal service was reached: %q", reached)
	}
	mu.Unlock()
	if !got[site.URL+"/"] || len(got) != 1 {
		t.Errorf("pages=%v, want only the public page", got)
	}
	refused := 0
	for _, pe := range sum.Errs {
		if errors.Is(pe.Err, ErrPrivateAddress) {
			refused++
		}
	}
	if refused != 3 {
		t.Errorf("Errs=%v, want three ErrPrivateAddress", sum.Errs)
	}

	// Asked for: the loopback ones are followed (the metadata address
	// does not answer here, and is not waited for: Retries -1).
	_, got = crawl(true)
	if !got[internal.URL+"/loopback"] {
		t.Errorf("pages=%v: --allow-private did not follow the redirect", got)
	}
	mu.Lock()
	if !strings.Contains(strings.Join(reached, " "), "/loopback") {
		t.Errorf("reached=%q", reached)
	}
	mu.Unlock()
}

func TestNonPublic(t *testing.T) {
	for s, want := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true,
		"169.254.169.254": true, "100.64.0.1": true, "0.0.0.0": true, "::1": true, "fd00:ec2::254": true,
		"fe80::1": true, "::ffff:127.0.0.1": true, "224.0.0.1": true,
		"93.184.216.34": false, "2606:4700::1111": false, "8.8.8.8": false,
	} {
		if got := nonPublic(netip.MustParseAddr(s)); got != want {
			t.Errorf("nonPublic(%s)=%v, want %v", s, got, want)
		}
	}
}
