"""The site's one stylesheet: badges, cards, the map, the matrix and notebook outputs.

Colours come from Material's CSS variables where they should follow the palette (text, lines,
code), so every page reads the same in light and dark mode; the level and mastery colours are
fixed, each with a text colour that meets WCAG AA contrast (4.5:1) on it. Scrolling boxes (the
map, the matrix, wide outputs) scroll inside the page, which itself never gets wider than the
window, and take keyboard focus.
"""

from __future__ import annotations

CSS = """\
/* ML Daily Tutor: generated pages. */
:root {
  --tutor-beginner: #1b7a43;
  --tutor-intermediate: #1f5fae;
  --tutor-advanced: #8e3578;
  --tutor-level-0-bg: transparent;
  --tutor-level-1-bg: #d9eef5;
  --tutor-level-1-fg: #123c4a;
  --tutor-level-2-bg: #8fd0e3;
  --tutor-level-2-fg: #0b3340;
  --tutor-level-3-bg: #1a6f8a;
  --tutor-level-3-fg: #ffffff;
  --tutor-level-4-bg: #0d5c78;
  --tutor-level-4-fg: #ffffff;
}

/* Badges: type, difficulty, minutes, level. */
.md-typeset .tutor-badge {
  display: inline-block;
  margin: 0 .25em .25em 0;
  padding: .1em .6em;
  border-radius: 1em;
  font-size: .72rem;
  font-weight: 600;
  line-height: 1.6;
  white-space: nowrap;
  color: var(--md-default-fg-color);
  background: var(--md-default-fg-color--lightest);
}
.md-typeset .tutor-badge--key {
  font-family: var(--md-code-font-family);
  font-weight: 400;
  white-space: normal;
  overflow-wrap: anywhere; /* a long key wraps rather than widen a phone's page */
}
.md-typeset .tutor-badge--mastered { color: #fff; background: var(--tutor-level-4-bg); }
.md-typeset .tutor-badge--proficient { color: #fff; background: var(--tutor-level-3-bg); }
.md-typeset .tutor-badge--code { color: #fff; background: var(--md-primary-fg-color); }
.md-typeset .tutor-level--beginner.tutor-badge { color: #fff; background: var(--tutor-beginner); }
.md-typeset .tutor-level--intermediate.tutor-badge { color: #fff; background: var(--tutor-intermediate); }
.md-typeset .tutor-level--advanced.tutor-badge { color: #fff; background: var(--tutor-advanced); }

/* Module cards. */
.md-typeset .tutor-cards > ul > li { display: flex; flex-direction: column; }
.md-typeset .tutor-cards > ul > li > p:first-child { font-size: 1.05em; }
.md-typeset .tutor-cards > ul > li > hr { margin: .5em 0; }
.md-typeset .tutor-skill {
  display: inline-block;
  /* One line while it fits; a name longer than the column (large text) wraps in its chip. */
  max-width: 100%;
  overflow-wrap: anywhere;
  margin: 0 .2em .2em 0;
  padding: 0 .5em;
  border-radius: .3em;
  font-size: .75rem;
  background: var(--md-accent-fg-color--transparent);
}
.md-typeset .tutor-notebook-meta {
  padding: .6em .9em;
  border-left: .2rem solid var(--md-primary-fg-color);
  background: var(--md-code-bg-color);
  border-radius: .2rem;
}
.md-typeset .tutor-notebook-meta .md-button { margin-top: .4em; font-size: .7rem; padding: .3em 1em; }

/* Module facts, and who to ask. */
.md-typeset table.tutor-facts { border-collapse: collapse; font-size: .75rem; margin: 1em 0; }
.md-typeset .tutor-facts th,
.md-typeset .tutor-facts td {
  padding: .45em .9em .45em 0;
  border-bottom: 1px solid var(--md-default-fg-color--lightest);
  text-align: left;
  vertical-align: top;
}
/* With large text on a phone, a two-word heading ("Leads to") and a long requirement break
   rather than push the table past the window, which does not scroll sideways. */
.md-typeset .tutor-facts-wrap { overflow-x: auto; margin: 1em 0; }
.md-typeset .tutor-facts-wrap > table.tutor-facts { margin: 0; }
.md-typeset .tutor-facts th { font-weight: 700; }
.md-typeset .tutor-facts td { overflow-wrap: anywhere; }
.md-typeset .tutor-facts .tutor-badge { margin: 0; }
.md-typeset ul.tutor-people { list-style: none; margin-left: 0; padding-left: 0; }
.md-typeset ul.tutor-people > li { margin-left: 0; }
.md-typeset .tutor-output--note p {
  margin: 0;
  font-size: .7rem;
  font-style: italic;
  color: var(--md-default-fg-color--light);
}
.md-typeset .tutor-person { font-weight: 600; }
.md-typeset .tutor-person-handle { color: var(--md-default-fg-color--light); font-size: .8em; }

/* Math: MathML drawn by the browser. A wide display formula scrolls on its own. */
.md-typeset .tutor-math--block {
  display: block;
  overflow-x: auto;
  overflow-y: hidden; /* a tall glyph must not make a box that scrolls by a pixel */
  padding: .2em 0;
  margin: .4em 0;
}
.md-typeset math { font-size: 1.1em; }
.md-typeset math[display="block"] { margin: 0 auto; }

/* Scrolling boxes take focus (tabindex="0"): show it. */
.md-typeset [tabindex="0"]:focus-visible { outline: .1rem solid var(--md-accent-fg-color); }

/* The prerequisite map. */
.md-typeset .tutor-map-wrap { overflow-x: auto; margin: 1em 0 .2em; }
.md-typeset .tutor-scroll-hint { display: none; margin: 0; font-size: .7rem; }
@media screen and (max-width: 44.9375em) {
  .md-typeset .tutor-scroll-hint { display: block; color: var(--md-default-fg-color--light); }
}
.md-typeset svg.tutor-map { display: block; max-width: 100%; height: auto; }
.tutor-map-box {
  fill: var(--md-default-bg-color);
  stroke: var(--md-default-fg-color--lighter);
  stroke-width: 1.5;
  transition: stroke .15s, fill .15s;
}
.tutor-map-node:hover .tutor-map-box,
.tutor-map-node:focus .tutor-map-box {
  stroke: var(--md-accent-fg-color);
  stroke-width: 2.5;
  fill: var(--md-accent-fg-color--transparent);
}
.tutor-map-title { fill: var(--md-default-fg-color); font-size: 14px; font-weight: 700; }
.tutor-map-meta { fill: var(--md-default-fg-color--light); font-size: 12px; }
.tutor-map-edge { stroke: var(--md-default-fg-color--lighter); stroke-width: 1.6; }
.tutor-map-arrow { fill: var(--md-default-fg-color--lighter); }
.tutor-level--beginner .tutor-map-stripe { fill: var(--tutor-beginner); }
.tutor-level--intermediate .tutor-map-stripe { fill: var(--tutor-intermediate); }
.tutor-level--advanced .tutor-map-stripe { fill: var(--tutor-advanced); }

/* The skills matrix. */
.md-typeset .tutor-matrix-wrap { position: relative; overflow-x: auto; margin: 1em 0; }
.md-typeset table.tutor-matrix,
.md-typeset table.tutor-distribution {
  border-collapse: separate;
  border-spacing: 3px;
  font-size: .75rem;
}
.md-typeset .tutor-matrix th,
.md-typeset .tutor-distribution th { text-align: left; font-weight: 600; padding: .3em .5em; }
/* Skill names never break inside a word: the table scrolls instead. */
.md-typeset .tutor-distribution th { white-space: nowrap; }
.md-typeset .tutor-matrix thead th { vertical-align: bottom; white-space: nowrap; }
/* The learner's name stays in view while the skills scroll sideways. */
.md-typeset .tutor-learner {
  min-width: 10em;
  position: sticky;
  left: 0;
  z-index: 1;
  background: var(--md-default-bg-color);
}
.md-typeset .tutor-learner-facts {
  display: block;
  font-weight: 400;
  font-size: .65rem;
  color: var(--md-default-fg-color--light);
}
.md-typeset .tutor-cell {
  min-width: 3em;
  vertical-align: middle;
  text-align: center;
  font-weight: 700;
  border-radius: .3em;
  padding: .45em .3em;
}
.md-typeset .tutor-cell--0 {
  color: var(--md-default-fg-color--light);
  box-shadow: inset 0 0 0 1px var(--md-default-fg-color--lightest);
}
.md-typeset .tutor-cell--1 { background: var(--tutor-level-1-bg); color: var(--tutor-level-1-fg); }
.md-typeset .tutor-cell--2 { background: var(--tutor-level-2-bg); color: var(--tutor-level-2-fg); }
.md-typeset .tutor-cell--3 { background: var(--tutor-level-3-bg); color: var(--tutor-level-3-fg); }
.md-typeset .tutor-cell--4 { background: var(--tutor-level-4-bg); color: var(--tutor-level-4-fg); }
.md-typeset .tutor-legend { display: flex; flex-wrap: wrap; gap: .4em 1.2em; font-size: .75rem; }
.md-typeset .tutor-legend .tutor-cell { display: inline-block; min-width: 1.8em; padding: .1em .4em; }
/* Read by screen readers, not drawn; clipped in place, so it never widens a scrolling box. */
.md-typeset .tutor-sr {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
}
.md-typeset .tutor-bar-cell { width: 40%; min-width: 8em; }
.md-typeset .tutor-bar {
  display: flex;
  height: 1.1em;
  border-radius: .3em;
  overflow: hidden;
  box-shadow: inset 0 0 0 1px var(--md-default-fg-color--lightest);
}
.md-typeset .tutor-bar-part { display: block; height: 100%; }
.md-typeset .tutor-count { text-align: center; color: var(--md-default-fg-color--light); }
.md-typeset .tutor-empty {
  padding: 1em 1.2em;
  border: 1px dashed var(--md-default-fg-color--lighter);
  border-radius: .4em;
}

/* Notebook outputs: legible on both palettes, kept out of the search index. */
.md-typeset .tutor-output { margin: -.4em 0 1.2em; }
.md-typeset .tutor-output > .tutor-scroll { max-height: 32em; overflow: auto; }
.md-typeset .tutor-output pre {
  margin: 0;
  padding: .7em 1em;
  font-size: .75rem;
  line-height: 1.45;
  white-space: pre-wrap;
  word-break: break-word;
  color: var(--md-code-fg-color);
  background: var(--md-default-bg-color);
  border: 1px solid var(--md-default-fg-color--lightest);
  border-radius: .2rem;
}
.md-typeset .tutor-output--stderr pre { border-left: .25rem solid #e0a800; }
.md-typeset .tutor-output--error pre { border-left: .25rem solid #d64545; }
.md-typeset .tutor-output-label {
  display: block;
  font-size: .62rem;
  font-weight: 700;
  letter-spacing: .04em;
  text-transform: uppercase;
  color: var(--md-default-fg-color--light);
  margin-bottom: .1em;
}
.md-typeset .tutor-output img {
  max-width: 100%;
  height: auto;
  background: #fff;
  border-radius: .2rem;
  padding: .3em;
}
.md-typeset .tutor-output--html > .tutor-scroll { max-height: none; overflow-x: auto; }
/* Material's table wrapper reaches past the text column with negative margins: inside an
   output's own scroll box that made every table scroll by 16 px. */
.md-typeset .tutor-scroll .md-typeset__scrollwrap { margin-left: 0; margin-right: 0; }
.md-typeset .tutor-scroll .md-typeset__table { padding-left: 0; padding-right: 0; }
.md-typeset .tutor-output--html table {
  border: 0;
  border-collapse: collapse;
  font-size: .72rem;
  margin: .2em 0;
}
.md-typeset .tutor-output--html th,
.md-typeset .tutor-output--html td {
  padding: .3em .8em;
  border: 0;
  border-bottom: 1px solid var(--md-default-fg-color--lightest);
  text-align: right;
  font-variant-numeric: tabular-nums;
}
.md-typeset .tutor-output--html th { font-weight: 700; }
.md-typeset .tutor-output--html thead th { border-bottom: 2px solid var(--md-default-fg-color--lighter); }
.md-typeset .tutor-output--html tbody tr:hover { background: var(--md-accent-fg-color--transparent); }
"""
