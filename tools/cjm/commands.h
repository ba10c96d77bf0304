/* The tool's commands, run by main.c from its command table; each takes
 * its own name as argv[0] and prints its help for -h and --help. */
#ifndef CJM_CLI_COMMANDS_H
#define CJM_CLI_COMMANDS_H

int cmd_analyze(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_customers(int argc, char **argv);

#endif
