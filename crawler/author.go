package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sources of a post's author beyond its page, as PlatformAuthor names them.
const (
	AuthorViaFeed   = "feed"            // the feed that listed the post: dc:creator, author
	AuthorViaAPI    = "wordpress-api"   // WordPress's /wp/v2/users/ID for the listing's author id
	AuthorViaOEmbed = "oembed"          // the page's oEmbed endpoint: author_name
	wpUserPrefix    = "wordpress-user:" // item.author for an author the REST listing names by id
)

// ErrNoAuthor is returned by PlatformAuthor when no route names the author.
var ErrNoAuthor = errors.New("crawler: no route names the post's author")

// PlatformAuthor returns the post's author as its platform names it, for
// a page that names none: the feed that listed it (dc:creator, Blogger's
// author), else, for a post found through WordPress's REST listing, the
// listed author id's name (/wp/v2/users/ID, asked once per author and
// crawl), else the page's oEmbed author_name (one request). via says which.
func (p *Page) PlatformAuthor(ctx context.Context) (name, via string, err error) {
	if p.run == nil || p.hints == nil {
		return "", "", ErrNotFromRun
	}
	if p.author != "" && !strings.HasPrefix(p.author, wpUserPrefix) {
		return p.author, AuthorViaFeed, nil
	}
	p.hints.load()
	if id, ok := strings.CutPrefix(p.author, wpUserPrefix); ok && p.hints.apiRoot != "" {
		if name, err := p.run.wpUserName(ctx, p.hints.apiRoot, id); err == nil && name != "" {
			return name, AuthorViaAPI, nil
		}
	}
	if p.hints.platform == platformWordPress && p.hints.oembed != "" {
		name, err := p.run.oembedAuthor(ctx, p.hints.oembed)
		if err != nil {
			return "", "", err
		}
		if name != "" {
			return name, AuthorViaOEmbed, nil
		}
	}
	return "", "", ErrNoAuthor
}

// wpUserName asks the REST API at root for the name of user id.
func (r *run) wpUserName(ctx context.Context, root, id string) (string, error) {
	return fetchOnce(&r.users, root+"\x00"+id, func() (string, error) {
		raw := wpAPIURL(root, "users/"+id, "_fields", "name")
		resp, err := r.gatedGet(ctx, raw, kindWPPosts)
		if err != nil {
			return "", err
		}
		var o struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(resp.body, &o); err != nil {
			return "", fmt.Errorf("%s: %w", raw, err)
		}
		return feedAuthor(o.Name), nil
	})
}

// oembedAuthor asks an oEmbed endpoint for the author_name.
func (r *run) oembedAuthor(ctx context.Context, endpoint string) (string, error) {
	resp, err := r.gatedGet(ctx, endpoint, kindWPPosts)
	if err != nil {
		return "", err
	}
	var o struct {
		AuthorName string `json:"author_name"`
	}
	if err := json.Unmarshal(resp.body, &o); err != nil {
		return "", fmt.Errorf("%s: %w", endpoint, err)
	}
	return feedAuthor(o.AuthorName), nil
}

// wpUserRef is the item.author of a post the REST listing gives author id
// to, or "" for none.
func wpUserRef(id int) string {
	if id <= 0 {
		return ""
	}
	return wpUserPrefix + strconv.Itoa(id)
}
