package archive_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "annals-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := archive.Open(filepath.Join(dir, "annals.db"), &archive.Options{Timeout: time.Second})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	const key = "https://example.org/2024/12/hello.html"
	post := &annals.Post{URL: key, Title: "Hello", Published: annals.Day(2024, 12, 4)}
	fetched := time.Date(2024, 12, 4, 10, 0, 0, 0, time.UTC)
	for i, text := range []string{"First draft.", "First draft.", "Second draft."} {
		post.Text = text
		raw := fmt.Sprintf("<html><!-- nonce %d --><p>%s</p></html>", i, text)
		outcome, v, err := s.Put(key, &archive.Fetch{
			URL: key, FetchedAt: fetched.Add(time.Duration(i) * time.Hour),
			Status: 200, Raw: []byte(raw), Post: post,
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(outcome, v.Number)
	}

	info, err := s.Info(key)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Site, info.Versions, info.Published, info.Title)
	// Output:
	// new 1
	// unchanged 1
	// changed 2
	// example.org 2 2024-12-04 Hello
}
