/* Text in pictures through Pango: one layout reused for every string, fonts found by fontconfig
 * with fallback per character, so Chinese, Japanese and accented names render with whatever
 * installed font has their glyphs. Glyphs are drawn as glyphs (in SVG: <defs> symbols), never as
 * paths, except by rg_i_text_path. */
#ifndef RG_REPORT_RENDER_TEXT_INTERNAL_H
#define RG_REPORT_RENDER_TEXT_INTERNAL_H

#include <cairo.h>

#include "regiongraph/status.h"

typedef struct rg_i_text rg_i_text;

/* Extents of a string in user units, as cairo_text_extents gives them: ink box relative to the
 * baseline origin (y_bearing < 0 above the baseline) and the advance (logical width). */
typedef struct rg_i_text_extents {
    double x_bearing, y_bearing, width, height, advance;
} rg_i_text_extents;

/* A text drawer for cr; RG_ERR_NOMEM when Pango cannot make a layout. Free with rg_i_text_free. */
rg_status rg_i_text_new(cairo_t *cr, rg_i_text **out);
void rg_i_text_free(rg_i_text *t);

/* Sans-serif of size (the em, in user units), bold or regular, for the strings that follow. */
void rg_i_text_font(rg_i_text *t, double size, int bold);
void rg_i_text_measure(rg_i_text *t, const char *text, rg_i_text_extents *ext);
/* Draws text with its baseline origin at (x, y) in the current source colour; _path adds the
 * glyph outlines to the current path instead. */
void rg_i_text_show(rg_i_text *t, double x, double y, const char *text);
void rg_i_text_path(rg_i_text *t, double x, double y, const char *text);

#endif
