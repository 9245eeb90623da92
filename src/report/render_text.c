/* Text in pictures through Pango and fontconfig (see render_text_internal.h). */
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "base/error_internal.h"
#include "report/render_text_internal.h"

struct rg_i_text {
    cairo_t *cr;
    PangoLayout *layout;
    PangoFontDescription *font;
};

rg_status rg_i_text_new(cairo_t *cr, rg_i_text **out)
{
    rg_i_text *t = calloc(1, sizeof *t);
    *out = NULL;
    if (!t || !(t->layout = pango_cairo_create_layout(cr)) ||
        !(t->font = pango_font_description_from_string("sans-serif"))) {
        rg_i_text_free(t);
        return RG_I_NOMEM();
    }
    t->cr = cr;
    pango_layout_set_single_paragraph_mode(t->layout, TRUE);
    *out = t;
    return RG_OK;
}

void rg_i_text_free(rg_i_text *t)
{
    if (!t)
        return;
    if (t->layout)
        g_object_unref(t->layout);
    if (t->font)
        pango_font_description_free(t->font);
    free(t);
}

void rg_i_text_font(rg_i_text *t, double size, int bold)
{
    pango_font_description_set_absolute_size(t->font, size * PANGO_SCALE);
    pango_font_description_set_weight(t->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(t->layout, t->font);
}

static void set_text(rg_i_text *t, const char *text)
{
    pango_layout_set_text(t->layout, text ? text : "", -1);
}

void rg_i_text_measure(rg_i_text *t, const char *text, rg_i_text_extents *ext)
{
    PangoRectangle ink, logical;
    double base;
    set_text(t, text);
    pango_layout_get_extents(t->layout, &ink, &logical);
    base = (double)pango_layout_get_baseline(t->layout) / PANGO_SCALE;
    ext->x_bearing = (double)ink.x / PANGO_SCALE;
    ext->y_bearing = (double)ink.y / PANGO_SCALE - base;
    ext->width = (double)ink.width / PANGO_SCALE;
    ext->height = (double)ink.height / PANGO_SCALE;
    ext->advance = (double)logical.width / PANGO_SCALE;
}

/* The layout's top left for a baseline origin at (x, y). */
static void move_to_origin(rg_i_text *t, double x, double y, const char *text)
{
    set_text(t, text);
    cairo_move_to(t->cr, x, y - (double)pango_layout_get_baseline(t->layout) / PANGO_SCALE);
}

void rg_i_text_show(rg_i_text *t, double x, double y, const char *text)
{
    move_to_origin(t, x, y, text);
    pango_cairo_show_layout(t->cr, t->layout);
}

void rg_i_text_path(rg_i_text *t, double x, double y, const char *text)
{
    move_to_origin(t, x, y, text);
    pango_cairo_layout_path(t->cr, t->layout);
}
