package extract

import (
	"testing"
	"time"
)

func TestDateParser_Human(t *testing.T) {
	now := time.Date(2025, 6, 10, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		in, lang, want string
	}{
		{"4 December 2024", "en", "2024-12-04"},
		{"Wednesday, 4 December 2024", "en-GB", "2024-12-04"},
		{"December 5, 2024 at 8:14 am", "en-US", "2024-12-05T08:14:00Z"},
		{"December 5, 2024 at 8:14 pm", "en-US", "2024-12-05T20:14:00Z"},
		{"30/12/14 2:07 a. m.", "es", "2014-12-30T02:07:00Z"},
		{"03/04/2024", "en-US", "2024-03-04"},
		{"03/04/2024", "fr", "2024-04-03"},
		{"03.04.2024", "en-US", "2024-04-03"},
		{"2024/03/04", "ja", "2024-03-04"},
		{"12 février 2024", "fr", "2024-02-12"},
		{"1er mars 2023", "fr", "2023-03-01"},
		{"5. Januar 2023", "de", "2023-01-05"},
		{"7. März 2022, 14:30 Uhr", "de", "2022-03-07T14:30:00Z"},
		{"5 de enero de 2023", "es", "2023-01-05"},
		{"12 de março de 2021", "pt-BR", "2021-03-12"},
		{"3 maggio 2020", "it", "2020-05-03"},
		{"14 maart 2019", "nl", "2019-03-14"},
		{"12 февраля 2024 г.", "ru", "2024-02-12"},
		{"2024年4月11日", "ja", "2024-04-11"},
		{"2024년 4월 11일", "ko", "2024-04-11"},
		{"الأربعاء، 07 أكتوبر 2020 - 12:09 م", "ar", "2020-10-07T12:09:00Z"},
		{"٧ أكتوبر ٢٠٢٠", "ar", "2020-10-07"},
		{"17 באוגוסט 2020", "he", "2020-08-17"},
		{"2.4.10", "de", ""},
		{"19.5×15.8×6.5mm", "ja", ""},
		{"13. bis 19. Oktober", "de", ""},
		{"4 Dec 24", "en", "2024-12-04"},
		{"5 Mart 2024", "tr", "2024-03-05"},
		{"12. maaliskuuta 2024 klo 20.15", "fi", "2024-03-12T20:15:00Z"},
		{"12.3.2024 klo 20.15", "fi", "2024-03-12T20:15:00Z"},
		{"2024. 4. 12. 오후 1:15", "ko", "2024-04-12T13:15:00Z"},
		{"2024년 4월 13일 오후 10:02", "ko", "2024-04-13T22:02:00Z"},
		{"2024年4月11日 20時30分", "ja", "2024-04-11T20:30:00Z"},
		{"2024年4月12日 午前7時18分", "ja", "2024-04-12T07:18:00Z"},
		{"2024年4月12日 午後1時", "ja", "2024-04-12T13:00:00Z"},
		{"2024. március 5.", "hu", "2024-03-05"},
		{"5. maaliskuuta 2024", "fi", "2024-03-05"},
		{"5 marca 2024", "pl", "2024-03-05"},
		{"5. března 2024", "cs", "2024-03-05"},
		{"5 березня 2024", "uk", "2024-03-05"},
		{"5 martie 2024", "ro", "2024-03-05"},
		{"3 days ago", "en", "2025-06-07"},
		{"vor 2 Tagen", "de", "2025-06-08"},
		{"il y a 1 semaine", "fr", "2025-06-03"},
		{"hace 3 días", "es", "2025-06-07"},
		{"2 hours ago", "en", "2025-06-10T13:00:00Z"},
		{"yesterday", "en", "2025-06-09"},
		{"Posted in Chicago", "en", ""},
		{"no date here", "en", ""},
		{"31 February 2024", "en", ""},
		{"© 1889", "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, ok := dateParser{lang: tt.lang, now: now}.parseHuman(tt.in)
			if got := d.String(); got != tt.want || ok != (tt.want != "") {
				t.Errorf("parseHuman(%q, %s) = %q, %v; want %q", tt.in, tt.lang, got, ok, tt.want)
			}
		})
	}
}

func TestDateParser_Machine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-12-04", "2024-12-04"},
		{"2024-12-04T09:30:00+01:00", "2024-12-04T09:30:00+01:00"},
		{"2024-12-04T09:30:00.000+01:00", "2024-12-04T09:30:00+01:00"},
		{"2024-12-04T09:30:00+0100", "2024-12-04T09:30:00+01:00"},
		{"2024-12-04T09:30:00Z", "2024-12-04T09:30:00Z"},
		{"2024-12-04 09:30:00", "2024-12-04T09:30:00Z"},
		{"Wed, 04 Dec 2024 09:30:00 GMT", "2024-12-04T09:30:00Z"},
		{"20241204", "2024-12-04"},
		{"0000-00-00", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, ok := dateParser{}.parseMachine(tt.in)
		if got := d.String(); got != tt.want || ok != (tt.want != "") {
			t.Errorf("parseMachine(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestOriginalDate(t *testing.T) {
	p := dateParser{lang: "en"}
	tests := []struct{ in, want string }{
		{"This article was originally published on 26 Sep 2019 at 4:12pm but has been updated with new listings.", "2019-09-26T16:12:00Z"},
		{"This blog post was originally published on the 21st of June 2017 and updated on the 18th of July 2025.", "2017-06-21"},
		{"Cet article, initialement publié le 3 mars 2021, a été mis à jour.", "2021-03-03"},
		{"Dieser Beitrag wurde ursprünglich am 5. Mai 2020 veröffentlicht.", ""}, // the date stands between the words
		{"Cet article, initialement publié en avril 2017, a fait l'objet d'une mise à jour.", ""},
		{"This article was originally published on The Conversation under a Creative Commons license in 2021.", ""},
		{"Sales were first published on 3 May 2020 by the ministry.", ""},
	}
	for _, tt := range tests {
		if got := originalDate(tt.in, p).String(); got != tt.want {
			t.Errorf("originalDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Updated: 5 March 2024", "Updated: "},
		{"Updated on May 27, 2025 09:10AM", "Updated"},
		{"Published Nov. 8, 2023, 10:28 p.m. ET", "Published"},
		{"March 12, 2026", ""},
		{"Tue, 5 March 2024", ""},
	}
	for _, tt := range tests {
		if got := dateLabel(tt.in); got != tt.want {
			t.Errorf("dateLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzDateParser(f *testing.F) {
	for _, s := range []string{"4 December 2024", "30/12/14 2:07 a. m.", "2024年4月11日", "3 days ago", "2024-12-04T09:30:00+01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := dateParser{lang: "fr", now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		p.parseHuman(s)
		p.parseMachine(s)
	})
}
