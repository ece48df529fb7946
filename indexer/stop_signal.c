/* stop_signal.c - record SIGINT/SIGTERM for polling (stop_signal.h).
 *
 * The one piece of global mutable state in the indexer: a signal handler
 * has nowhere else to write. */
#include "stop_signal.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t received;

static void on_signal(int signo)
{
    received = signo;
    signal(signo, SIG_DFL);
}

int stop_signal_install(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    /* No SA_RESTART: a blocking wait (the lock, a test pause) returns
     * early and notices the stop. */
    if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0)
        return -1;
    return 0;
}

int stop_signal_received(void) { return (int)received; }

int stop_requested(void) { return received != 0; }
