/* Project files (INI) through inih.
 *
 * inih calls the handler with section, key and value but not the line number (the Debian build
 * has INI_HANDLER_LINENO off, and turning it on in our code alone would break the ABI), and
 * never for a section without keys. So the file is fed to ini_parse_stream() line by line
 * through our own reader, which counts lines and handles section headers itself; inih parses the
 * key = value lines (comments, inline comments, quoting rules) and reports syntax errors. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "regiongraph/project.h"


typedef enum section_kind { SECTION_NONE, SECTION_PROJECT, SECTION_LAYER, SECTION_COORDINATION }
section_kind;

/* How a key's value is read. */
typedef enum value_kind {
    VALUE_TEXT,       /* kept as written */
    VALUE_PATH,       /* resolved against the project file's directory */
    VALUE_CONTIGUITY, /* the typed settings of [project], parsed here once */
    VALUE_LENGTHS,
    VALUE_SNAP,
    VALUE_ISLANDS,
    VALUE_NEAR
} value_kind;

/* The keys of each section, and where their values go. */
typedef struct key_spec {
    const char *name;
    size_t offset;    /* of the char * member in rg_project or rg_project_layer (text, path) */
    value_kind kind;
} key_spec;

#define PROJECT_KEY(member, kind) {#member, offsetof(rg_project, member), kind}
#define SETTING_KEY(name, kind) {#name, 0, kind}
static const key_spec project_keys[] = {
    PROJECT_KEY(name, VALUE_TEXT), PROJECT_KEY(output, VALUE_TEXT),
    SETTING_KEY(contiguity, VALUE_CONTIGUITY), PROJECT_KEY(level, VALUE_TEXT),
    SETTING_KEY(lengths, VALUE_LENGTHS), SETTING_KEY(snap, VALUE_SNAP),
    SETTING_KEY(islands, VALUE_ISLANDS), SETTING_KEY(near, VALUE_NEAR),
};
enum { PROJECT_NKEYS = sizeof project_keys / sizeof project_keys[0], PROJECT_LEVEL = 3 };

static const key_spec coordination_keys[] = {
    PROJECT_KEY(mechanisms, VALUE_PATH), PROJECT_KEY(members, VALUE_PATH),
    PROJECT_KEY(agencies, VALUE_PATH), PROJECT_KEY(agency_layer, VALUE_PATH),
    PROJECT_KEY(agency_id, VALUE_TEXT), PROJECT_KEY(agency_name, VALUE_TEXT),
    PROJECT_KEY(agency_level, VALUE_TEXT), PROJECT_KEY(agency_level_default, VALUE_TEXT),
    PROJECT_KEY(agency_jurisdiction, VALUE_TEXT),
};
enum { COORDINATION_NKEYS = sizeof coordination_keys / sizeof coordination_keys[0] };

static const key_spec layer_keys[] = {
    {"file", offsetof(rg_project_layer, file), VALUE_PATH},
    {"id", offsetof(rg_project_layer, id), VALUE_TEXT},
    {"name", offsetof(rg_project_layer, label), VALUE_TEXT},
    {"encoding", offsetof(rg_project_layer, encoding), VALUE_TEXT},
    {"parent", offsetof(rg_project_layer, parent), VALUE_TEXT},
    {"s_srs", offsetof(rg_project_layer, s_srs), VALUE_TEXT},
};
enum { LAYER_NKEYS = sizeof layer_keys / sizeof layer_keys[0], LAYER_FILE = 0, LAYER_ID = 1 };

/* Lines where things were seen (0: not seen), for messages. */
typedef struct layer_lines {
    size_t section;
    size_t key[LAYER_NKEYS];
} layer_lines;

typedef struct parse_state {
    const char *path; /* the project file, as given */
    size_t dir_len;   /* length of its directory prefix, '/' included (0: none) */
    rg_project *project;

    const char *text; /* the whole file */
    size_t len, pos;
    size_t line; /* line last handed to inih */

    section_kind section;
    size_t layer; /* current layer when section is SECTION_LAYER */
    size_t project_line, project_key[PROJECT_NKEYS];
    size_t coordination_line, coordination_key[COORDINATION_NKEYS];
    layer_lines *layer_lines;
    size_t layers_cap;

    rg_status st;      /* first failure: reader and handler stop at it */
    size_t error_line; /* the line it was met on */
} parse_state;

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Sets the failure (the first one wins) and returns 0, for use as the handler's result. */
static int fail(parse_state *ps, rg_status st)
{
    if (ps->st == RG_OK) {
        ps->st = st;
        ps->error_line = ps->line;
    }
    return 0;
}

static rg_status start_section(parse_state *ps, const char *name, size_t n)
{
    rg_project *p = ps->project;
    rg_project_layer *layer;
    layer_lines *lines;
    size_t i;
    while (n > 0 && is_blank(*name)) {
        name++;
        n--;
    }
    while (n > 0 && is_blank(name[n - 1]))
        n--;
    if (n == 7 && memcmp(name, "project", 7) == 0) {
        if (ps->project_line)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: section [project] repeated (first on "
                              "line %zu)", ps->path, ps->line, ps->project_line);
        ps->section = SECTION_PROJECT;
        ps->project_line = ps->line;
        return RG_OK;
    }
    if (n == 12 && memcmp(name, "coordination", 12) == 0) {
        if (ps->coordination_line)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: section [coordination] repeated (first "
                              "on line %zu)", ps->path, ps->line, ps->coordination_line);
        ps->section = SECTION_COORDINATION;
        ps->coordination_line = ps->line;
        return RG_OK;
    }
    if (n < 5 || memcmp(name, "layer", 5) != 0 || (n > 5 && !is_blank(name[5])))
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: unknown section [%.*s] (sections are "
                          "[project], [layer NAME] and [coordination])", ps->path, ps->line,
                          (int)n, name);
    name += 5;
    n -= 5;
    while (n > 0 && is_blank(*name)) {
        name++;
        n--;
    }
    if (n == 0)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: [layer] needs a name, e.g. "
                          "[layer provinces]", ps->path, ps->line);
    for (i = 0; i < p->nlayers; i++)
        if (strlen(p->layers[i].name) == n && memcmp(p->layers[i].name, name, n) == 0)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: layer '%s' repeated (first on line %zu)",
                              ps->path, ps->line, p->layers[i].name, ps->layer_lines[i].section);
    if (!rg_i_reserve((void **)&p->layers, &ps->layers_cap, p->nlayers + 1, sizeof *p->layers))
        return RG_I_NOMEM();
    /* The line array follows the layers' capacity. */
    if (!(lines = rg_i_malloc_array(ps->layers_cap, sizeof *lines)))
        return RG_I_NOMEM();
    if (p->nlayers)
        memcpy(lines, ps->layer_lines, p->nlayers * sizeof *lines);
    free(ps->layer_lines);
    ps->layer_lines = lines;
    layer = &p->layers[p->nlayers];
    memset(layer, 0, sizeof *layer);
    memset(&ps->layer_lines[p->nlayers], 0, sizeof ps->layer_lines[p->nlayers]);
    if (!(layer->name = malloc(n + 1)))
        return RG_I_NOMEM();
    memcpy(layer->name, name, n);
    layer->name[n] = '\0';
    ps->layer_lines[p->nlayers].section = ps->line;
    ps->layer = p->nlayers++;
    ps->section = SECTION_LAYER;
    return RG_OK;
}

/* inih's reader: hands over one line at a time (fgets-like), after checking it, with leading
 * blanks removed (inih would take an indented line as the continuation of the previous value)
 * and section headers taken care of. */
static char *read_line(char *str, int num, void *stream)
{
    parse_state *ps = stream;
    const char *p, *nl;
    size_t n;
    if (ps->st != RG_OK || ps->pos >= ps->len)
        return NULL;
    p = ps->text + ps->pos;
    nl = memchr(p, '\n', ps->len - ps->pos);
    n = nl ? (size_t)(nl - p) + 1 : ps->len - ps->pos;
    ps->pos += n;
    ps->line++;
    if (memchr(p, '\0', n)) {
        fail(ps, rg_i_error(RG_ERR_FORMAT, "%s: line %zu: the text holds a NUL byte (is it a "
                            "text file?)", ps->path, ps->line));
        return NULL;
    }
    if (!rg_i_utf8_valid(p, n)) {
        fail(ps, rg_i_error(RG_ERR_ENCODING, "%s: line %zu: text is not valid UTF-8 (save the "
                            "file as UTF-8)", ps->path, ps->line));
        return NULL;
    }
    if (ps->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    while (n > 0 && is_blank(*p)) {
        p++;
        n--;
    }
    if (num < 1 || n >= (size_t)num) {
        fail(ps, rg_i_error(RG_ERR_FORMAT, "%s: line %zu: the line is longer than %d bytes, the "
                            "most the INI parser takes", ps->path, ps->line, num > 1 ? num - 1 : 0));
        return NULL;
    }
    if (n > 0 && *p == '[') {
        const char *close = memchr(p, ']', n);
        rg_status st;
        if (!close) {
            fail(ps, rg_i_error(RG_ERR_FORMAT, "%s: line %zu: the section header has no ']'",
                                ps->path, ps->line));
            return NULL;
        }
        if ((st = start_section(ps, p + 1, (size_t)(close - p - 1))) != RG_OK) {
            fail(ps, st);
            return NULL;
        }
    }
    memcpy(str, p, n);
    str[n] = '\0';
    return str;
}

static char *section_title(parse_state *ps, char *buf, size_t size)
{
    if (ps->section == SECTION_PROJECT)
        snprintf(buf, size, "project");
    else if (ps->section == SECTION_COORDINATION)
        snprintf(buf, size, "coordination");
    else
        snprintf(buf, size, "layer %s", ps->project->layers[ps->layer].name);
    return buf;
}

/* "dir/" + value for relative paths; absolute ones as they are. */
static char *resolve_path(const parse_state *ps, const char *value)
{
    size_t n = strlen(value);
    char *s;
    if (value[0] == '/' || ps->dir_len == 0)
        return rg_i_strdup(value);
    if (!(s = malloc(ps->dir_len + n + 1)))
        return NULL;
    memcpy(s, ps->path, ps->dir_len);
    memcpy(s + ps->dir_len, value, n + 1);
    return s;
}

/* A non-negative decimal integer that fits a size_t (what `islands` takes); 0 when it is not. */
static int parse_count(const char *value, size_t *out)
{
    size_t v = 0;
    if (!*value)
        return 0;
    for (; *value; value++) {
        if (*value < '0' || *value > '9' || v > (SIZE_MAX - 9) / 10)
            return 0;
        v = 10 * v + (size_t)(*value - '0');
    }
    *out = v;
    return 1;
}

/* Parses the value of one of [project]'s typed settings into the project; the error names the
 * file and line. */
static rg_status parse_setting(parse_state *ps, const key_spec *key, const char *value)
{
    rg_project *p = ps->project;
    rg_status st = RG_OK;
    switch (key->kind) {
    case VALUE_CONTIGUITY:
        if (rg_contiguity_parse(value, &p->contiguity) != RG_OK)
            st = rg_i_error(RG_ERR_DATA, "%s: line %zu: contiguity must be 'queen' or 'rook', "
                            "not '%s'", ps->path, ps->line, value);
        p->contiguity_set = 1;
        break;
    case VALUE_LENGTHS:
        if (strcmp(value, "geodesic") == 0)
            p->lengths = RG_LENGTHS_GEODESIC;
        else if (strcmp(value, "planar") == 0)
            p->lengths = RG_LENGTHS_PLANAR;
        else
            st = rg_i_error(RG_ERR_DATA, "%s: line %zu: lengths must be geodesic or planar, not "
                            "'%s'", ps->path, ps->line, value);
        break;
    case VALUE_SNAP:
    case VALUE_NEAR: {
        int snap = key->kind == VALUE_SNAP;
        if (rg_distance_parse(value, snap ? &p->snap : &p->near,
                              snap ? &p->snap_unit : &p->near_unit) != RG_OK) {
            st = rg_i_error(RG_ERR_DATA, "%s: line %zu: %s must be a distance such as 50m, "
                            "0.05km or a number in map units, not '%s'", ps->path, ps->line,
                            key->name, value);
            break;
        }
        /* the summary of a build echoes the tolerance as the user wrote it */
        if (snap && !(p->snap_text = rg_i_strdup(value)))
            st = RG_I_NOMEM();
        *(snap ? &p->snap_set : &p->near_set) = 1;
        break;
    }
    case VALUE_ISLANDS:
        if (!parse_count(value, &p->islands))
            st = rg_i_error(RG_ERR_DATA, "%s: line %zu: islands must be a whole number of at "
                            "least 0, not '%s'", ps->path, ps->line, value);
        p->islands_set = 1;
        break;
    default:
        st = rg_i_error(RG_ERR_ARG, "%s: line %zu: key '%s' has no parser", ps->path, ps->line,
                        key->name);
        break;
    }
    return st;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parse_state *ps = user;
    const key_spec *keys;
    size_t nkeys, k, *lines;
    char *base, **slot, title[300];
    (void)section; /* ours, tracked by the reader, is the same with its line known */
    if (ps->st != RG_OK)
        return 0;
    switch (ps->section) {
    case SECTION_PROJECT:
        keys = project_keys;
        nkeys = PROJECT_NKEYS;
        lines = ps->project_key;
        base = (char *)ps->project;
        break;
    case SECTION_COORDINATION:
        keys = coordination_keys;
        nkeys = COORDINATION_NKEYS;
        lines = ps->coordination_key;
        base = (char *)ps->project;
        break;
    case SECTION_LAYER:
        keys = layer_keys;
        nkeys = LAYER_NKEYS;
        lines = ps->layer_lines[ps->layer].key;
        base = (char *)&ps->project->layers[ps->layer];
        break;
    default:
        return fail(ps, rg_i_error(RG_ERR_DATA, "%s: line %zu: key '%s' is outside any section "
                                   "(put it under [project], [layer NAME] or [coordination])",
                                   ps->path, ps->line, name));
    }
    for (k = 0; k < nkeys && strcmp(keys[k].name, name) != 0; k++)
        ;
    if (k == nkeys)
        return fail(ps, rg_i_error(RG_ERR_DATA, "%s: line %zu: unknown key '%s' in [%s]", ps->path,
                                   ps->line, name, section_title(ps, title, sizeof title)));
    if (lines[k])
        return fail(ps, rg_i_error(RG_ERR_DATA, "%s: line %zu: key '%s' repeated in [%s] (first "
                                   "on line %zu)", ps->path, ps->line, name,
                                   section_title(ps, title, sizeof title), lines[k]));
    if (!*value)
        return fail(ps, rg_i_error(RG_ERR_DATA, "%s: line %zu: key '%s' in [%s] has no value",
                                   ps->path, ps->line, name,
                                   section_title(ps, title, sizeof title)));
    lines[k] = ps->line;
    if (keys[k].kind != VALUE_TEXT && keys[k].kind != VALUE_PATH) {
        rg_status st = parse_setting(ps, &keys[k], value);
        if (st != RG_OK)
            return fail(ps, st);
        return 1;
    }
    slot = (char **)(base + keys[k].offset);
    if (!(*slot = keys[k].kind == VALUE_PATH ? resolve_path(ps, value) : rg_i_strdup(value)))
        return fail(ps, RG_I_NOMEM());
    return 1;
}

/* Checks what the file as a whole must hold. */
static rg_status check_project(parse_state *ps)
{
    const rg_project *p = ps->project;
    size_t i;
    if (p->nlayers == 0)
        return rg_i_error(RG_ERR_DATA, "%s: no [layer NAME] section (a project needs at least one "
                          "map layer)", ps->path);
    for (i = 0; i < p->nlayers; i++) {
        const char *missing = !p->layers[i].file ? "file" : !p->layers[i].id ? "id" : NULL;
        if (missing)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: [layer %s] has no '%s'", ps->path,
                              ps->layer_lines[i].section, p->layers[i].name, missing);
    }
    if (p->level) {
        for (i = 0; i < p->nlayers && strcmp(p->layers[i].name, p->level) != 0; i++)
            ;
        if (i == p->nlayers)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: level '%s' is not one of the layers",
                              ps->path, ps->project_key[PROJECT_LEVEL], p->level);
    }
    if (ps->coordination_line) {
        const char *missing = !p->mechanisms ? "mechanisms" : !p->members ? "members" : NULL;
        if (missing)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: [coordination] has no '%s'", ps->path,
                              ps->coordination_line, missing);
        if (p->agency_layer && !p->agency_id)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: [coordination] has an agency_layer but "
                              "no 'agency_id'", ps->path, ps->coordination_line);
        if (p->agency_layer && !p->agency_level && !p->agency_level_default)
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: [coordination] has an agency_layer but "
                              "neither 'agency_level' nor 'agency_level_default'", ps->path,
                              ps->coordination_line);
    }
    return RG_OK;
}

/* A project file is a few dozen lines: a larger file is something else (the cap keeps a
 * mistaken path from being read into memory whole). */
#define RG_I_PROJECT_MAX_BYTES (4 << 20)

static rg_status read_all(const char *path, char **text, size_t *len)
{
    FILE *fp = NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    rg_status st = RG_OK;
    *text = NULL;
    *len = 0;
    /* a FIFO, a device (/dev/zero), a directory, a loop: named as such; a missing file: fopen's */
    if ((access(path, F_OK) == 0 || errno == ELOOP) && (st = rg_i_input_open(path, 0)) != RG_OK)
        return st;
    if (!(fp = fopen(path, "rb")))
        return rg_i_error(RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    do {
        if (!rg_i_reserve((void **)&buf, &cap, n + 4096, 1)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (n > RG_I_PROJECT_MAX_BYTES) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: larger than %d MiB: not a project file", path,
                            RG_I_PROJECT_MAX_BYTES >> 20);
            goto cleanup;
        }
    } while (got > 0);
    if (ferror(fp)) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        goto cleanup;
    }
    *text = buf;
    *len = n;
    buf = NULL;
cleanup:
    free(buf);
    fclose(fp);
    return st;
}

rg_status rg_project_read(const char *path, rg_project **out)
{
    parse_state ps;
    char *text = NULL;
    const char *slash;
    int rc;
    rg_status st = RG_OK;
    memset(&ps, 0, sizeof ps);
    if (out)
        *out = NULL;
    if (!path || !out)
        return rg_i_error(RG_ERR_ARG, "rg_project_read: path and out are required");
    if ((st = read_all(path, &text, &ps.len)) != RG_OK)
        goto cleanup;
    if (!(ps.project = calloc(1, sizeof *ps.project)) ||
        !(ps.project->path = rg_i_strdup(path))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    ps.path = path;
    ps.text = text;
    slash = strrchr(path, '/');
    ps.dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    rc = ini_parse_stream(read_line, &ps, on_key, &ps);
    /* inih goes on after a syntax error and returns the line of the first; ours may come later. */
    if (rc > 0 && (ps.st == RG_OK || (size_t)rc < ps.error_line)) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: line %d: expected 'key = value', a [section] or a "
                        "comment", path, rc);
        goto cleanup;
    }
    if ((st = ps.st) != RG_OK)
        goto cleanup;
    if (rc < 0) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = check_project(&ps)) != RG_OK)
        goto cleanup;
    *out = ps.project;
    ps.project = NULL;
cleanup:
    rg_project_free(ps.project);
    free(ps.layer_lines);
    free(text);
    return st;
}
