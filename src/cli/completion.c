/* Shell completion scripts (bash, zsh) printed from the commands' option tables, so that they
 * offer exactly the options -h and the man pages document (`regiongraph help --completion`). */
#include <stdio.h>
#include <string.h>

#include "cli/options.h"

/* The first line of an option's help, without what zsh's _arguments reads as markup. */
static void print_zsh_help(const char *help, FILE *out)
{
    const char *p;
    for (p = help ? help : ""; *p && *p != '\n'; p++) {
        if (*p == '[' || *p == ']')
            fputc(*p == '[' ? '(' : ')', out);
        else if (*p == '\'')
            fputs("'\\''", out);
        else if (*p == ':' || *p == '\\')
            fputc(' ', out);
        else
            fputc(*p, out);
    }
}

static void print_bash(const rg_cli_entry *commands, const rg_cli_command *const *specs,
                       size_t count, FILE *out)
{
    size_t i, k;
    const rg_cli_option *o;
    fputs("# bash completion for regiongraph, generated from its option tables\n"
          "# (regiongraph help --completion bash)\n"
          "_regiongraph()\n{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    local opts='' args=''\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        COMPREPLY=($(compgen -W '", out);
    for (i = 0; i < count; i++)
        fprintf(out, "%s%s", i ? " " : "", commands[i].name);
    fputs(" --version --help' -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    case ${COMP_WORDS[1]} in\n", out);
    for (i = 0; i < count; i++) {
        if (!specs[i]) {
            fprintf(out, "    %s) COMPREPLY=($(compgen -W '", commands[i].name);
            for (k = 0; k < count; k++)
                if (specs[k])
                    fprintf(out, "%s%s", k ? " " : "", commands[k].name);
            fputs("' -- \"$cur\")); return ;;\n", out);
            continue;
        }
        fprintf(out, "    %s)\n        opts='", commands[i].name);
        for (k = 0; (o = rg_cli_nth_option(specs[i], k)); k++) {
            fprintf(out, "%s--%s", k ? " " : "", o->name);
            if (o->is_short)
                fprintf(out, " -%c", (char)o->key);
        }
        fputs("'\n        args='", out);
        for (k = 0; (o = rg_cli_nth_option(specs[i], k)); k++) {
            if (!o->arg)
                continue;
            fprintf(out, " --%s", o->name);
            if (o->is_short)
                fprintf(out, " -%c", (char)o->key);
        }
        fputs(" ' ;;\n", out);
    }
    fputs("    *) return ;;\n"
          "    esac\n"
          "    if [[ $args == *\" $prev \"* ]]; then\n"
          "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
          "    elif [[ $cur == -* ]]; then\n"
          "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
          "    else\n"
          "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
          "    fi\n"
          "}\n"
          "complete -o filenames -F _regiongraph regiongraph\n", out);
}

static void print_zsh(const rg_cli_entry *commands, const rg_cli_command *const *specs,
                      size_t count, FILE *out)
{
    size_t i, k;
    const rg_cli_option *o;
    fputs("#compdef regiongraph\n"
          "# zsh completion for regiongraph, generated from its option tables\n"
          "# (regiongraph help --completion zsh)\n"
          "_regiongraph() {\n"
          "    local -a commands\n"
          "    commands=(\n", out);
    for (i = 0; i < count; i++) {
        fprintf(out, "        '%s:", commands[i].name);
        print_zsh_help(commands[i].summary, out);
        fputs("'\n", out);
    }
    fputs("    )\n"
          "    if (( CURRENT == 2 )); then\n"
          "        _describe -t commands 'regiongraph command' commands\n"
          "        return\n"
          "    fi\n"
          "    local cmd=$words[2]\n"
          "    shift words\n"
          "    (( CURRENT-- ))\n"
          "    case $cmd in\n", out);
    for (i = 0; i < count; i++) {
        if (!specs[i]) {
            fprintf(out, "    %s) _describe -t commands 'regiongraph command' commands ;;\n",
                    commands[i].name);
            continue;
        }
        fprintf(out, "    %s)\n        _arguments -s \\\n", commands[i].name);
        for (k = 0; (o = rg_cli_nth_option(specs[i], k)); k++) {
            if (o->is_short)
                fprintf(out, "            '(-%c --%s)'{-%c,--%s}'[", (char)o->key, o->name,
                        (char)o->key, o->name);
            else
                fprintf(out, "            '--%s[", o->name);
            print_zsh_help(o->help, out);
            fputs("]", out);
            if (o->arg)
                fprintf(out, ":%s:_files", o->arg);
            fputs("' \\\n", out);
        }
        fputs("            '*:file:_files' ;;\n", out);
    }
    fputs("    esac\n"
          "}\n"
          "_regiongraph \"$@\"\n", out);
}

int rg_cli_print_completion(const char *shell, const rg_cli_entry *commands,
                            const rg_cli_command *const *specs, size_t count, FILE *out)
{
    if (strcmp(shell, "bash") == 0)
        print_bash(commands, specs, count, out);
    else if (strcmp(shell, "zsh") == 0)
        print_zsh(commands, specs, count, out);
    else
        return -1;
    return 0;
}
