/* The project model: distances and contiguity kinds as users write them ("50m", "queen"), a
 * project of one layer for front ends without a project file, and freeing a project. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/project.h"

rg_status rg_distance_parse(const char *text, double *value, rg_unit *unit)
{
    const char *p;
    char *end = NULL;
    double v;
    if (!text || !value || !unit)
        return rg_i_error(RG_ERR_ARG, "distance: invalid argument");
    /* a plain decimal number: no sign, no hexadecimal, no inf or nan spelt out */
    if (!(isdigit((unsigned char)text[0]) || (text[0] == '.' && isdigit((unsigned char)text[1]))))
        goto bad;
    for (p = text; *p; p++)
        if (*p == 'x' || *p == 'X' || *p == 'p' || *p == 'P')
            goto bad;
    errno = 0;
    v = strtod(text, &end);
    if (end == text || errno == ERANGE || !isfinite(v) || v < 0)
        goto bad;
    if (*end == '\0') {
        *unit = RG_UNIT_MAP;
    } else if (strcmp(end, "m") == 0) {
        *unit = RG_UNIT_METRE;
    } else if (strcmp(end, "km") == 0) {
        *unit = RG_UNIT_METRE;
        v *= 1000.0;
        if (!isfinite(v))
            goto bad;
    } else {
        goto bad;
    }
    *value = v;
    return RG_OK;
bad:
    return rg_i_error(RG_ERR_ARG,
                      "distance '%s': expected a non-negative number, optionally followed by "
                      "'m' or 'km' (no suffix: map units)", text ? text : "");
}

rg_status rg_contiguity_parse(const char *text, rg_contiguity *kind)
{
    if (!text || !kind)
        return rg_i_error(RG_ERR_ARG, "contiguity: invalid argument");
    if (strcmp(text, "queen") == 0)
        *kind = RG_CONTIGUITY_QUEEN;
    else if (strcmp(text, "rook") == 0)
        *kind = RG_CONTIGUITY_ROOK;
    else
        return rg_i_error(RG_ERR_ARG, "contiguity must be 'queen' or 'rook', not '%s'", text);
    return RG_OK;
}

const char *rg_contiguity_name(rg_contiguity kind)
{
    return kind == RG_CONTIGUITY_QUEEN ? "queen" : kind == RG_CONTIGUITY_ROOK ? "rook" : NULL;
}

/* A copy of text, NULL staying NULL; *ok is cleared when memory runs out. */
static char *copy_or_null(const char *text, int *ok)
{
    char *s;
    if (!text)
        return NULL;
    if (!(s = rg_i_strdup(text)))
        *ok = 0;
    return s;
}

/* The layer name of a lone file: its base name without directory and extension. */
static char *layer_name(const char *path)
{
    const char *base = strrchr(path, '/');
    char *name, *dot;
    base = base ? base + 1 : path;
    if (!(name = rg_i_strdup(base)))
        return NULL;
    if ((dot = strrchr(name, '.')) && dot != name)
        *dot = '\0';
    return name;
}

rg_status rg_project_new_single_layer(const char *file, const char *id_field,
                                      const char *name_field, const char *encoding,
                                      rg_project **out)
{
    rg_project *p = NULL;
    rg_project_layer *l;
    int ok = 1;
    rg_status st = RG_OK;
    if (out)
        *out = NULL;
    if (!file || !out) {
        st = rg_i_error(RG_ERR_ARG, "rg_project_new_single_layer: file and out are required");
        goto cleanup;
    }
    if (!(p = calloc(1, sizeof *p)) || !(p->layers = calloc(1, sizeof *p->layers))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    p->nlayers = 1;
    l = &p->layers[0];
    p->path = copy_or_null(file, &ok);
    l->name = layer_name(file);
    l->file = copy_or_null(file, &ok);
    l->id = copy_or_null(id_field, &ok);
    l->label = copy_or_null(name_field, &ok);
    l->encoding = copy_or_null(encoding, &ok);
    if (!ok || !l->name) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    *out = p;
    p = NULL;
cleanup:
    rg_project_free(p);
    return st;
}

/* Replaces the n strings at slots with copies of values (NULL staying NULL), all or none: the
 * old values are dropped only once every copy exists. */
static rg_status replace_strings(char **const *slots, const char *const *values, size_t n)
{
    char *copy[8];
    size_t k;
    int ok = 1;
    for (k = 0; k < n; k++)
        copy[k] = copy_or_null(values[k], &ok);
    for (k = 0; k < n; k++) {
        free(ok ? *slots[k] : copy[k]);
        if (ok)
            *slots[k] = copy[k];
    }
    return ok ? RG_OK : RG_I_NOMEM();
}

rg_status rg_project_set_coordination(rg_project *project, const char *mechanisms,
                                      const char *members, const char *agencies)
{
    const char *values[3] = {mechanisms, members, agencies};
    char **slots[3];
    if (!project)
        return rg_i_error(RG_ERR_ARG, "rg_project_set_coordination: a project is required");
    slots[0] = &project->mechanisms;
    slots[1] = &project->members;
    slots[2] = &project->agencies;
    return replace_strings(slots, values, 3);
}

rg_status rg_project_layer_set_s_srs(rg_project *project, size_t layer, const char *s_srs)
{
    const char *values[1] = {s_srs && *s_srs ? s_srs : NULL};
    char **slots[1];
    if (!project || layer >= project->nlayers)
        return rg_i_error(RG_ERR_ARG, "rg_project_layer_set_s_srs: no such layer");
    slots[0] = &project->layers[layer].s_srs;
    return replace_strings(slots, values, 1);
}

rg_status rg_project_set_agency_layer(rg_project *project, const char *layer,
                                      const char *id_field, const char *name_field,
                                      const char *level_field, const char *level_default,
                                      const char *jurisdiction_field)
{
    const char *values[6] = {layer, id_field, name_field, level_field, level_default,
                             jurisdiction_field};
    char **slots[6];
    if (!project)
        return rg_i_error(RG_ERR_ARG, "rg_project_set_agency_layer: a project is required");
    slots[0] = &project->agency_layer;
    slots[1] = &project->agency_id;
    slots[2] = &project->agency_name;
    slots[3] = &project->agency_level;
    slots[4] = &project->agency_level_default;
    slots[5] = &project->agency_jurisdiction;
    return replace_strings(slots, values, 6);
}

void rg_project_free(rg_project *project)
{
    size_t i;
    if (!project)
        return;
    for (i = 0; i < project->nlayers; i++) {
        rg_project_layer *l = &project->layers[i];
        free(l->name);
        free(l->file);
        free(l->id);
        free(l->label);
        free(l->encoding);
        free(l->s_srs);
        free(l->parent);
    }
    free(project->layers);
    free(project->path);
    free(project->name);
    free(project->output);
    free(project->level);
    free(project->snap_text);
    free(project->mechanisms);
    free(project->members);
    free(project->agencies);
    free(project->agency_layer);
    free(project->agency_id);
    free(project->agency_name);
    free(project->agency_level);
    free(project->agency_level_default);
    free(project->agency_jurisdiction);
    free(project);
}
