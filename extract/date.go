package extract

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/annals-dev/annals"
)

// months maps lower-case month names and abbreviations in the languages
// blogs are written in to month numbers. Ambiguous short forms that are also
// common words are left out.
var months = map[string]time.Month{
	// English
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
	// French
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
	"juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
	"décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7,
	"déc": 12,
	// German
	"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7,
	"oktober": 10, "dezember": 12, "mär": 3, "okt": 10, "dez": 12,
	// Spanish
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
	"agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
	"diciembre": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
	// Portuguese
	"janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
	"setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12, "fev": 2, "out": 10,
	// Italian
	"gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
	"settembre": 9, "ottobre": 10, "dicembre": 12, "gen": 1, "mag": 5, "giu": 6, "lug": 7,
	"set": 9, "ott": 10,
	// Dutch
	"januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
	"mrt": 3,
	// Russian (nominative and genitive) and Ukrainian genitive
	"январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
	"август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
	"августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	"янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
	"сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
	"січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
	"липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
	// Polish (genitive), Swedish/Danish/Norwegian, Czech, Turkish
	"stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6,
	"lipca": 7, "sierpnia": 8, "września": 9, "października": 10, "listopada": 11,
	"grudnia": 12,
	"augusti": 8, "oktober.": 10, "marts": 3, "juni.": 6,
	"styczeń": 1, "luty": 2, "marzec": 3, "kwiecień": 4, "czerwiec": 6, "lipiec": 7, "sierpień": 8,
	"wrzesień": 9, "październik": 10, "listopad": 11, "grudzień": 12,
	// Romanian
	"ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "iunie": 6, "iulie": 7,
	"septembrie": 9, "octombrie": 10, "noiembrie": 11, "decembrie": 12,
	// Czech (genitive)
	"ledna": 1, "února": 2, "března": 3, "dubna": 4, "května": 5, "června": 6, "července": 7,
	"srpna": 8, "září": 9, "října": 10, "listopadu": 11, "prosince": 12,
	// Hungarian, Finnish (partitive), Scandinavian
	"január": 1, "február": 2, "március": 3, "április": 4, "május": 5, "június": 6, "július": 7,
	"augusztus": 8, "szeptember": 9, "október": 10,
	"tammikuuta": 1, "helmikuuta": 2, "maaliskuuta": 3, "huhtikuuta": 4, "toukokuuta": 5,
	"kesäkuuta": 6, "heinäkuuta": 7, "elokuuta": 8, "syyskuuta": 9, "lokakuuta": 10,
	"marraskuuta": 11, "joulukuuta": 12,
	"maj": 5, "januar.": 1,
	"ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7,
	"ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
	// Arabic: Egyptian and Gulf, Levantine (one-word names) and Maghrebi
	"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
	"يونيو": 6, "يونية": 6, "يوليو": 7, "يولية": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
	"أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	"شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9,
	"جانفي": 1, "فيفري": 2, "أفريل": 4, "جوان": 6, "جويلية": 7, "أوت": 8,
	// Hebrew (also with the prefix ב, "in")
	"ינואר": 1, "פברואר": 2, "מרץ": 3, "אפריל": 4, "מאי": 5, "יוני": 6, "יולי": 7,
	"אוגוסט": 8, "ספטמבר": 9, "אוקטובר": 10, "נובמבר": 11, "דצמבר": 12,
}

// monthFirst reports whether numeric dates in lang are written month first
// (en-US and a few others); everyone else writes the day first.
func monthFirst(lang string) bool {
	lang = strings.ToLower(lang)
	switch lang {
	case "en-us", "en_us", "en-ph", "en-ca", "":
		return true
	}
	return false
}

// dateParser parses dates as pages print them. Its zero value parses
// month-first numeric dates and cannot resolve relative ones.
type dateParser struct {
	lang string    // page language, for day/month order
	now  time.Time // reference for "3 days ago"; zero disables relative dates
	// loc is the zone of times printed without one; nil reads them as
	// UTC and sets *zoneless, when zoneless is not nil.
	loc      *time.Location
	zoneless *bool
}

// wallClock returns the zone for a time printed without one.
func (p dateParser) wallClock() *time.Location {
	if p.loc != nil {
		return p.loc
	}
	if p.zoneless != nil {
		*p.zoneless = true
	}
	return time.UTC
}

var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.RFC1123Z, time.RFC1123, time.RFC850, time.RFC822Z, time.RFC822, time.ANSIC,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700",
	"Mon, 02 Jan 2006 15:04:05 Z",
}

// parseMachine parses machine-readable dates (datetime attributes, JSON-LD,
// meta content): ISO 8601 and the RFC formats.
func (p dateParser) parseMachine(s string) (annals.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 8 || len(s) > 64 {
		return annals.Date{}, false
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return validDay(t)
		}
	}
	if len(s) == 8 && isDigits(s) {
		if t, err := time.Parse("20060102", s); err == nil {
			return validDay(t)
		}
	}
	for _, l := range isoLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return validInstant(t)
		}
	}
	// "2024-12-04T09:30:00.000+01:00"-like with odd precision, or a date with
	// trailing junk such as "2024-12-04T09:30:00+0100 (CET)".
	if len(s) > 10 && s[4] == '-' && s[7] == '-' {
		if i := strings.IndexAny(s, " ("); i > 10 {
			if d, ok := p.parseMachine(s[:i]); ok {
				return d, true
			}
		}
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return validDay(t)
		}
	}
	return p.parseHuman(s)
}

func validDay(t time.Time) (annals.Date, bool) {
	if t.Year() < 1990 || t.Year() > 2100 {
		return annals.Date{}, false
	}
	return annals.Day(t.Year(), t.Month(), t.Day()), true
}

func validInstant(t time.Time) (annals.Date, bool) {
	if t.Year() < 1990 || t.Year() > 2100 {
		return annals.Date{}, false
	}
	return annals.At(t), true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// token is a word or number of a human-written date.
type token struct {
	s     string
	num   int // value when digits
	isNum bool
	sep   byte // the separator character right after the token ('/', '.', '-', ':', ' ', ',')
	// afterMonth is set on numbers that follow a month name.
	afterMonth bool
}

func tokenize(s string) []token {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case unicode.IsDigit(c):
			j := i
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			w := string(rs[i:j])
			n, _ := strconv.Atoi(asciiDigits(w))
			// Ordinal suffixes: 1st, 2nd, 3rd, 4th, 1er, 1º, 3.
			k := j
			for k < len(rs) && k-j < 2 && unicode.IsLetter(rs[k]) {
				k++
			}
			suffix := strings.ToLower(string(rs[j:k]))
			switch suffix {
			case "st", "nd", "rd", "th", "er", "º", "e", "o", "a":
				j = k
			}
			toks = append(toks, token{s: asciiDigits(w), num: n, isNum: true})
			i = j
		case unicode.IsLetter(c):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '.' && j+1 < len(rs) && unicode.IsLetter(rs[j+1])) {
				j++
			}
			toks = append(toks, token{s: strings.ToLower(string(rs[i:j]))})
			i = j
		default:
			if len(toks) > 0 && toks[len(toks)-1].sep == 0 || len(toks) > 0 && toks[len(toks)-1].sep == ' ' && c != ' ' {
				toks[len(toks)-1].sep = byte(min(c, 127))
			}
			i++
		}
	}
	return toks
}

func asciiDigits(s string) string {
	if isDigits(s) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if d := unicode.ToLower(c); unicode.IsDigit(d) {
			// Non-ASCII digits (Arabic-Indic, full-width): map by offset.
			switch {
			case c >= '０' && c <= '９':
				b.WriteRune('0' + c - '０')
			case c >= '٠' && c <= '٩':
				b.WriteRune('0' + c - '٠')
			case c >= '۰' && c <= '۹':
				b.WriteRune('0' + c - '۰')
			default:
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}

// parseHuman parses a date as printed for readers: "4 December 2024",
// "December 5, 2024 at 8:14 am", "30/12/14 2:07 a. m.", "12 февраля 2024 г.",
// "2024年4月11日", "3 days ago". Without a time it returns a day-only Date;
// with a time but no zone, the time is taken as UTC.
func (p dateParser) parseHuman(s string) (annals.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return annals.Date{}, false
	}
	if d, ok := p.parseCJK(s); ok {
		return d, true
	}
	if d, ok := p.parseRelative(s); ok {
		return d, true
	}
	toks := tokenize(s)
	year, month, day := 0, time.Month(0), 0
	hour, minute, second := -1, 0, 0
	var nums []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.isNum {
			if m, ok := months[strings.TrimSuffix(t.s, ".")]; ok && month == 0 {
				month = m
			} else if m, ok := months[strings.TrimPrefix(t.s, "ב")]; ok && month == 0 && m != 0 && strings.HasPrefix(t.s, "ב") {
				month = m
			}
			continue
		}
		// "9 h 05" (French), "14 h" and "14 Uhr" are times too.
		if hour < 0 && i+2 < len(toks) && !toks[i+1].isNum && (toks[i+1].s == "h" || toks[i+1].s == "uhr") && toks[i+2].isNum && t.num < 24 && toks[i+2].num < 60 && len(toks[i+2].s) == 2 {
			hour, minute = t.num, toks[i+2].num
			i += 2
			continue
		}
		// "klo 20.15" (Finnish), "kl. 20.15" (Danish, Norwegian, Swedish).
		if hour < 0 && i > 0 && (toks[i-1].s == "klo" || toks[i-1].s == "kl") && t.sep == '.' && i+1 < len(toks) && toks[i+1].isNum && len(toks[i+1].s) == 2 && t.num < 24 && toks[i+1].num < 60 {
			hour, minute = t.num, toks[i+1].num
			i++
			continue
		}
		// hh:mm[:ss]
		if t.sep == ':' && i+1 < len(toks) && toks[i+1].isNum && t.num < 24 && toks[i+1].num < 60 {
			if hour < 0 {
				hour, minute = t.num, toks[i+1].num
				i++
				if toks[i].sep == ':' && i+1 < len(toks) && toks[i+1].isNum && toks[i+1].num < 60 {
					second = toks[i+1].num
					i++
				}
				if i+1 < len(toks) && !toks[i+1].isNum {
					switch strings.ReplaceAll(toks[i+1].s, ".", "") {
					case "pm", "p", "م":
						if hour < 12 {
							hour += 12
						}
					case "am", "a", "ص":
						if hour == 12 {
							hour = 0
						}
					}
				}
				continue
			}
		}
		t.afterMonth = month != 0
		nums = append(nums, t)
	}
	// Assign numbers: a 4-digit number is the year; with a month name the
	// remaining small number is the day; otherwise use numeric order.
	var rest []token
	for _, t := range nums {
		if len(t.s) == 4 && t.num >= 1990 && t.num <= 2100 && year == 0 {
			year = t.num
			continue
		}
		rest = append(rest, t)
	}
	if month != 0 {
		for _, t := range rest {
			if day == 0 && t.num >= 1 && t.num <= 31 && len(t.s) <= 2 {
				day = t.num
			} else if year == 0 && len(t.s) == 2 && day != 0 && t.afterMonth && t.sep != '.' {
				// "4 Dec 24", but not "13. bis 19. Oktober".
				year = 2000 + t.num
			}
		}
	} else {
		switch {
		case year != 0 && len(rest) >= 2 && nums[0].num == year:
			// yyyy/mm/dd
			month, day = time.Month(rest[0].num), rest[1].num
		case len(rest) >= 2:
			a, b := rest[0].num, rest[1].num
			if year == 0 && len(rest) >= 3 && len(rest[2].s) == 2 {
				if rest[0].sep == '.' && len(rest[0].s) == 1 && len(rest[1].s) == 1 || rest[1].sep != rest[0].sep {
					return annals.Date{}, false // a version, "2.4.10", or sizes, "19.5×15.8"
				}
				year = 2000 + rest[2].num
			}
			// Only numeric dates with separators count: "12/30/2014".
			if rest[0].sep != '/' && rest[0].sep != '.' && rest[0].sep != '-' {
				return annals.Date{}, false
			}
			switch {
			case a > 12 && b <= 12:
				day, month = a, time.Month(b)
			case b > 12 && a <= 12:
				month, day = time.Month(a), b
			case rest[0].sep == '.' || !monthFirst(p.lang):
				day, month = a, time.Month(b)
			default:
				month, day = time.Month(a), b
			}
		default:
			return annals.Date{}, false
		}
	}
	if year == 0 || month < 1 || month > 12 || day < 1 || day > 31 {
		return annals.Date{}, false
	}
	if year < 1990 || year > 2100 {
		return annals.Date{}, false
	}
	if hour >= 0 {
		hour = meridiemHour(s, hour)
		t := time.Date(year, month, day, hour, minute, second, 0, p.wallClock())
		if t.Day() != day {
			return annals.Date{}, false
		}
		return annals.At(t), true
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return annals.Date{}, false
	}
	return annals.Day(year, month, day), true
}

// parseCJK parses "2024年4月11日" and "2024년 4월 11일".
func (p dateParser) parseCJK(s string) (annals.Date, bool) {
	if !strings.ContainsAny(s, "年년") {
		return annals.Date{}, false
	}
	var nums []int
	cur, in := 0, false
	for _, c := range asciiDigitsKeep(s) {
		if c >= '0' && c <= '9' {
			cur = cur*10 + int(c-'0')
			in = true
			continue
		}
		if in {
			nums = append(nums, cur)
			cur, in = 0, false
		}
	}
	if in {
		nums = append(nums, cur)
	}
	if len(nums) < 3 || nums[0] < 1990 || nums[0] > 2100 {
		return annals.Date{}, false
	}
	y, m, d := nums[0], nums[1], nums[2]
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return annals.Date{}, false
	}
	if len(nums) >= 4 && nums[3] < 24 && (len(nums) == 4 && strings.ContainsAny(s, "時시") || len(nums) >= 5 && nums[4] < 60) {
		h, min := nums[3], 0
		if len(nums) >= 5 {
			min = nums[4]
		}
		h = meridiemHour(s, h)
		return annals.At(time.Date(y, time.Month(m), d, h, min, 0, 0, p.wallClock())), true
	}
	return annals.Day(y, time.Month(m), d), true
}

// meridiemHour applies a morning/afternoon word written before a time in
// Chinese, Japanese or Korean ("午後1時15分", "下午 1:15", "오후 1:15").
func meridiemHour(s string, h int) int {
	switch {
	case h < 12 && (strings.Contains(s, "午後") || strings.Contains(s, "下午") || strings.Contains(s, "오후")):
		return h + 12
	case h == 12 && (strings.Contains(s, "午前") || strings.Contains(s, "上午") || strings.Contains(s, "오전")):
		return 0
	}
	return h
}

func asciiDigitsKeep(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= '０' && c <= '９':
			return '0' + c - '０'
		}
		return c
	}, s)
}

// relativeOK reports whether relative dates ("3 days ago") can be resolved.
func (p dateParser) relativeOK() bool { return !p.now.IsZero() }

// parseRelative resolves "3 days ago", "vor 2 Stunden", "il y a 5 jours",
// "hace 3 días", "yesterday" against p.now.
func (p dateParser) parseRelative(s string) (annals.Date, bool) {
	if p.now.IsZero() {
		return annals.Date{}, false
	}
	l := strings.ToLower(s)
	switch {
	case strings.Contains(l, "yesterday") || strings.Contains(l, "gestern") || strings.Contains(l, "hier") && !strings.Contains(l, "hierarch") || strings.Contains(l, "ayer") || strings.Contains(l, "ontem") || strings.Contains(l, "ieri") || strings.Contains(l, "gisteren") || strings.Contains(l, "вчера"):
		if len(l) < 30 {
			y := p.now.AddDate(0, 0, -1)
			return annals.Day(y.Year(), y.Month(), y.Day()), true
		}
	case strings.Contains(l, "today") || strings.Contains(l, "heute") || strings.Contains(l, "aujourd") || strings.Contains(l, "сегодня"):
		if len(l) < 30 {
			return annals.Day(p.now.Year(), p.now.Month(), p.now.Day()), true
		}
	}
	toks := tokenize(l)
	relative := strings.Contains(l, "il y a")
	for _, t := range toks {
		switch t.s {
		case "ago", "vor", "hace", "há", "fa", "geleden", "назад":
			relative = true
		}
	}
	if !relative || len(toks) > 8 {
		return annals.Date{}, false
	}
	n := 1
	for _, t := range toks {
		if t.isNum {
			n = t.num
			continue
		}
		var d time.Duration
		var months, years int
		switch w := t.s; {
		case hasAnyPrefix(w, "sec", "sek", "seg", "сек"):
			d = time.Duration(n) * time.Second
		case hasAnyPrefix(w, "min", "мин"):
			d = time.Duration(n) * time.Minute
		case hasAnyPrefix(w, "hour", "hr", "stund", "heure", "hora", "ora", "uur", "час"):
			d = time.Duration(n) * time.Hour
		case hasAnyPrefix(w, "day", "tag", "jour", "día", "dia", "giorn", "dag", "дн", "день", "дня"):
			d = time.Duration(n) * 24 * time.Hour
		case hasAnyPrefix(w, "week", "woche", "semaine", "semana", "settiman", "wek", "недел"):
			d = time.Duration(n) * 7 * 24 * time.Hour
		case hasAnyPrefix(w, "month", "monat", "mois", "mes", "mês", "mese", "maand", "месяц"):
			months = n
		case hasAnyPrefix(w, "year", "jahr", "año", "anni", "anno", "jaar", "год", "лет") || w == "an" || w == "ans" || w == "ano" || w == "anos":
			years = n
		default:
			continue
		}
		t := p.now.Add(-d).AddDate(-years, -months, 0)
		if d != 0 && d < 24*time.Hour {
			return annals.At(t.UTC().Truncate(time.Minute)), true
		}
		return annals.Day(t.Year(), t.Month(), t.Day()), true
	}
	return annals.Date{}, false
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
