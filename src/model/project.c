/* The project model: freeing a project, and distances as users write them ("50m", "0.05km"). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
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
        free(l->parent);
    }
    free(project->layers);
    free(project->path);
    free(project->name);
    free(project->output);
    free(project->contiguity);
    free(project->level);
    free(project->snap);
    free(project->islands);
    free(project->near);
    free(project->mechanisms);
    free(project->members);
    free(project->agencies);
    free(project->lengths);
    free(project->agency_layer);
    free(project->agency_id);
    free(project->agency_name);
    free(project->agency_level);
    free(project->agency_level_default);
    free(project->agency_jurisdiction);
    free(project);
}
