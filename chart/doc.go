// Package chart draws the supervision dashboard's charts (电子监察) as
// server-rendered SVG strings (DESIGN: "charts as server-rendered SVG"): no
// JavaScript and nothing but the standard library, because the pages are
// printed and filed as often as they are read on screen.
//
// Printing drives the look: black and grey text, one accent colour
// (#1f5fa8) and a red (#c0392b) reserved for laggards, no background but the
// page's white. Every chart has a viewBox and width="100%" so it scales with
// the page or the printed column, and is an image to assistive technology
// (role="img", an aria-label and a <title> with the chart's title).
//
// Labels are region and item names typed by the app's users, so every piece
// of text and every attribute is XML-escaped; the result can be embedded in
// html/template output as template.HTML. Output is deterministic (the same
// input gives the same bytes) and numbers carry at most one decimal to keep
// the markup small.
package chart
