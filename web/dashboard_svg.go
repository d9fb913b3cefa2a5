package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// barChart is a bar chart drawn as inline SVG on the server: no script,
// no library, readable by screen readers through its <title> and <desc>
// and by everyone through the value written over each bar. The page's
// table holds the same numbers exactly.
type barChart struct {
	ID     string   // unique on the page, for aria-labelledby
	Title  string   // the chart's <title>
	Desc   string   // the chart's <desc>: what it shows, in words
	Unit   string   // the unit of the axis, e.g. 万元 or 人次
	Labels []string // one per bar, under it
	Values []int64  // one per bar, in the chart's unit scale (see Format)
	// Format writes a value for the bar and the axis.
	Format func(int64) string
	// Empty is written across a chart whose values are all zero, which
	// then has no scale to draw.
	Empty string
}

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartHeight  = 260
	chartTop     = 36
	chartBottom  = 40
	chartLeft    = 64
	chartRight   = 12
	chartMinBand = 44
	chartMaxBar  = 56
	chartWidth   = 640
	chartTicks   = 4
)

// SVG renders the chart. Every text is escaped; the result is safe to put
// in a page.
func (ch barChart) SVG() template.HTML {
	n := len(ch.Values)
	w := max(chartWidth, chartLeft+chartRight+n*chartMinBand)
	plotW, plotH := w-chartLeft-chartRight, chartHeight-chartTop-chartBottom
	top := niceCeil(maxValue(ch.Values))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d">`,
		w, chartHeight, svgEsc(ch.ID), svgEsc(ch.ID))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, svgEsc(ch.ID), svgEsc(ch.Title), svgEsc(ch.ID), svgEsc(ch.Desc))
	fmt.Fprintf(&b, `<text x="%d" y="16" font-size="12" fill="#555">%s</text>`, 4, svgEsc(ch.Unit))
	ticks := chartTicks
	if top == 0 {
		ticks = 0
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" text-anchor="middle" fill="#777">%s</text>`,
			chartLeft+plotW/2, chartTop+plotH/2, svgEsc(ch.Empty))
	}
	for i := 0; i <= ticks; i++ {
		v := top * int64(i) / chartTicks
		y := chartTop + plotH - int(int64(plotH)*int64(i)/chartTicks)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ddd" stroke-width="1"/>`, chartLeft, y, w-chartRight, y)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="end" fill="#555">%s</text>`, chartLeft-6, y+4, svgEsc(ch.Format(v)))
	}
	band := plotW / max(n, 1)
	barW := min(band*3/5, chartMaxBar)
	for i, v := range ch.Values {
		x := chartLeft + i*band + (band-barW)/2
		h := 0
		if top > 0 {
			h = int(int64(plotH) * v / top)
		}
		y := chartTop + plotH - h
		label := ch.Labels[i]
		fmt.Fprintf(&b, `<g class="bar"><rect x="%d" y="%d" width="%d" height="%d" fill="#c0392b"><title>%s: %s %s</title></rect>`,
			x, y, barW, h, svgEsc(label), svgEsc(ch.Format(v)), svgEsc(ch.Unit))
		if v != 0 { // a zero needs no label over a bar that is not there
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="#222">%s</text>`, x+barW/2, y-4, svgEsc(ch.Format(v)))
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="middle" fill="#222">%s</text></g>`,
			x+barW/2, chartTop+plotH+18, svgEsc(label))
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333" stroke-width="1"/>`, chartLeft, chartTop+plotH, w-chartRight, chartTop+plotH)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- every interpolated text goes through esc
}

// svgEsc escapes text for SVG markup.
func svgEsc(s string) string { return template.HTMLEscapeString(s) }

func maxValue(vs []int64) int64 {
	var m int64
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}

// niceCeil rounds the axis top up so that each of the chartTicks steps
// is 1, 2 or 5 times a power of ten: 0 stays 0, 3 becomes 4, 37 becomes
// 40 and 412 becomes 800.
func niceCeil(v int64) int64 {
	if v <= 0 {
		return 0
	}
	need := (v + chartTicks - 1) / chartTicks
	p := int64(1)
	for p*10 <= need {
		p *= 10
	}
	for _, m := range []int64{1, 2, 5} {
		if m*p >= need {
			return m * p * chartTicks
		}
	}
	return 10 * p * chartTicks
}

// wan writes an amount in fen as 万元 (ten thousand yuan) with two
// decimals, rounded half up: 50,000,000 fen (500,000 元) is "50.00". The
// chart's scale is hundredths of 万元 (100 元, 10,000 fen), see toWanCents.
func wan(hundredths int64) string {
	if hundredths < 0 {
		return "-" + wan(-hundredths)
	}
	return strconv.FormatInt(hundredths/100, 10) + "." + strconv.FormatInt(100+hundredths%100, 10)[1:]
}

// toWanCents converts fen to hundredths of 万元, rounding half up.
func toWanCents(fen int64) int64 { return (fen + 5_000) / 10_000 }

// countText writes a whole number with thousands separators.
func countText(n int64) string {
	if n < 0 {
		return "-" + countText(-n)
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
