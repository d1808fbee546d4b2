/**
 * The C source of perfgate-count, the counting helper of the perf backend (host/counter.ts
 * compiles it on first use). Kept as a string so that it travels inside the ncc bundles
 * (dist/index.js, dist/cli/index.js), which carry no files beside them.
 */
export const COUNTER_SOURCE = String.raw`/*
 * perfgate-count: counts a command's events with perf_event_open(2) the way 'perf stat -x, -e
 * EVENTS -o FILE -- CMD' does, and prints perf stat's -x, CSV, without perf's start-up (perf
 * links libpython, libperl, libdw...: ~7 ms before it counts anything).
 *   perfgate-count [-C CPULIST] -o FILE -e EV[,EV...] -- CMD [ARG...]
 * -C pins as 'taskset -c CPULIST perf stat ...' does (this process, so the command inherits it),
 * without taskset's own exec.
 * Matched from perf 6.x builtin-stat.c: each event its own counter on the forked child, created
 * disabled with enable_on_exec and inherit (threads and child processes are counted), read
 * with TOTAL_TIME_ENABLED/RUNNING and scaled as perf scales a multiplexed counter; on EACCES
 * with perf_event_paranoid > 1, kernel and hypervisor are excluded and ':u' is appended to the
 * name (perf's evsel__fallback). duration_time is perf's t1 - t0 on CLOCK_MONOTONIC: t0 just
 * before the waiting child is released to exec, t1 after wait4 returned and the counters were
 * disabled. The exit code is the command's; a command killed by a signal kills this process
 * with the same signal (perf stat prints the signal and exits 0, hiding the crash).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 32
#define DURATION (-1)

struct known {
  const char *name;
  int type;
  uint64_t config;
};

static const struct known KNOWN[] = {
    {"task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
    {"context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {"page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {"duration_time", DURATION, 0},
    {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {"branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
    {"branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES},
    {"cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES},
    {"cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    {"dTLB-load-misses", PERF_TYPE_HW_CACHE,
     PERF_COUNT_HW_CACHE_DTLB | (PERF_COUNT_HW_CACHE_OP_READ << 8) | (PERF_COUNT_HW_CACHE_RESULT_MISS << 16)},
};

struct event {
  const struct known *k;
  char name[64];
  int fd;
  int supported;
  uint64_t value, enabled, running;
};

static struct event events[MAX_EVENTS];
static int nevents;

static int usage(const char *why) {
  fprintf(stderr, "perfgate-count: %s\nusage: perfgate-count [-C CPULIST] -o FILE -e EVENT[,EVENT...] -- COMMAND [ARG...]\n", why);
  return 2;
}

static int parse_events(char *list) {
  for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    const struct known *k = NULL;
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++)
      if (strcmp(tok, KNOWN[i].name) == 0) k = &KNOWN[i];
    if (!k) {
      fprintf(stderr, "perfgate-count: unknown event '%s'\n", tok);
      return -1;
    }
    if (nevents == MAX_EVENTS) {
      fprintf(stderr, "perfgate-count: more than %d events\n", MAX_EVENTS);
      return -1;
    }
    struct event *e = &events[nevents++];
    e->k = k;
    snprintf(e->name, sizeof e->name, "%s", k->name);
    e->fd = -1;
  }
  return nevents > 0 ? 0 : -1;
}

/* taskset's list syntax: "2", "0-3", "0,2-3". */
static int pin(const char *list) {
  cpu_set_t set;
  CPU_ZERO(&set);
  const char *p = list;
  while (*p) {
    char *end;
    if (!isdigit((unsigned char)*p)) return -1;
    long lo = strtol(p, &end, 10), hi = lo;
    if (*end == '-') {
      if (!isdigit((unsigned char)end[1])) return -1;
      hi = strtol(end + 1, &end, 10);
    }
    if (lo < 0 || hi < lo || hi >= CPU_SETSIZE) return -1;
    for (long c = lo; c <= hi; c++) CPU_SET((int)c, &set);
    if (*end == ',') end++;
    else if (*end) return -1;
    p = end;
  }
  return CPU_COUNT(&set) > 0 ? sched_setaffinity(0, sizeof set, &set) : -1;
}

static int paranoid(void) {
  FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
  int v = 2;
  if (f) {
    if (fscanf(f, "%d", &v) != 1) v = 2;
    fclose(f);
  }
  return v;
}

/* 0, or the errno that stops the run (a counter it could not open for a reason other than absence). */
static int open_event(struct event *e, pid_t pid) {
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = (uint32_t)e->k->type;
  attr.config = e->k->config;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  attr.disabled = 1;
  attr.inherit = 1;
  attr.enable_on_exec = 1;
  for (;;) {
    long fd = syscall(SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd >= 0) {
      e->fd = (int)fd;
      e->supported = 1;
      return 0;
    }
    int err = errno;
    if ((err == EACCES || err == EPERM) && !attr.exclude_kernel && paranoid() > 1) {
      attr.exclude_kernel = 1;
      attr.exclude_hv = 1;
      strncat(e->name, ":u", sizeof e->name - strlen(e->name) - 1);
      continue;
    }
    /* perf prints <not supported> for an event the kernel or the CPU does not have. */
    if (err == ENOENT || err == EOPNOTSUPP || err == ENODEV || err == EINVAL || err == ENXIO) return 0;
    fprintf(stderr, "perfgate-count: cannot open %s: %s\n", e->name, strerror(err));
    return err;
  }
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static const struct event *find(const char *name) {
  for (int i = 0; i < nevents; i++)
    if (events[i].k->type != DURATION && strcmp(events[i].k->name, name) == 0 && events[i].supported &&
        events[i].running > 0)
      return &events[i];
  return NULL;
}

/* perf's shown ratio for the seventh and eighth fields; the parser ignores them. */
static void rate(FILE *out, double count, const struct event *tc) {
  if (!tc || tc->value == 0) {
    fputs(",,", out);
    return;
  }
  double r = count / ((double)tc->value / 1e9);
  const char *unit = "/sec";
  if (r >= 1e9) r /= 1e9, unit = "G/sec";
  else if (r >= 1e6) r /= 1e6, unit = "M/sec";
  else if (r >= 1e3) r /= 1e3, unit = "K/sec";
  fprintf(out, ",%.3f,%s", r, unit);
}

static void print(FILE *out, double wall) {
  /* perf prints ctime(3); local time would read /etc/localtime on every run, so UTC it is. */
  time_t t = time(NULL);
  struct tm tm;
  char when[64];
  strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y UTC", gmtime_r(&t, &tm));
  fprintf(out, "# started on %s\n\n", when);
  const struct event *tc = find("task-clock");
  const struct event *cyc = find("cycles");
  const struct event *br = find("branches");
  const struct event *refs = find("cache-references");
  for (int i = 0; i < nevents; i++) {
    struct event *e = &events[i];
    if (e->k->type == DURATION) {
      fprintf(out, "%.0f,ns,%s,%.0f,100.00", wall, e->name, wall);
      rate(out, wall, tc);
      fputc('\n', out);
      continue;
    }
    if (!e->supported) {
      fprintf(out, "<not supported>,,%s,0,100.00,,\n", e->name);
      continue;
    }
    if (e->running == 0) {
      fprintf(out, "<not counted>,,%s,0,0.00,,\n", e->name);
      continue;
    }
    /* perf's scaling of a multiplexed counter (perf_counts_values__scale): val * enabled / running, truncated. */
    double v = (double)e->value;
    if (e->running < e->enabled) v = (double)(uint64_t)(v * (double)e->enabled / (double)e->running);
    double pct = 100.0 * (double)e->running / (double)(e->enabled ? e->enabled : 1);
    if (e->k->type == PERF_TYPE_SOFTWARE && e->k->config == PERF_COUNT_SW_TASK_CLOCK) {
      fprintf(out, "%.2f,msec,%s,%llu,%.2f", v / 1e6, e->name, (unsigned long long)e->running, pct);
      if (wall > 0) fprintf(out, ",%.3f,CPUs utilized", v / wall);
      else fputs(",,", out);
    } else {
      fprintf(out, "%.0f,,%s,%llu,%.2f", v, e->name, (unsigned long long)e->running, pct);
      if (e->k->type == PERF_TYPE_HARDWARE && e->k->config == PERF_COUNT_HW_CPU_CYCLES && tc)
        fprintf(out, ",%.3f,GHz", v / (double)tc->value);
      else if (e->k->type == PERF_TYPE_HARDWARE && e->k->config == PERF_COUNT_HW_INSTRUCTIONS && cyc)
        fprintf(out, ",%.2f,insn per cycle", v / (double)cyc->value);
      else if (e->k->config == PERF_COUNT_HW_BRANCH_MISSES && e->k->type == PERF_TYPE_HARDWARE && br)
        fprintf(out, ",%.2f,of all branches", 100.0 * v / (double)br->value);
      else if (e->k->config == PERF_COUNT_HW_CACHE_MISSES && e->k->type == PERF_TYPE_HARDWARE && refs)
        fprintf(out, ",%.2f,of all cache refs", 100.0 * v / (double)refs->value);
      else rate(out, v, tc);
    }
    fputc('\n', out);
  }
}

int main(int argc, char **argv) {
  const char *outfile = NULL;
  const char *cpus = NULL;
  char *list = NULL;
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) outfile = argv[++i];
    else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) list = argv[++i];
    else if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) cpus = argv[++i];
    else return usage("unknown option");
  }
  if (!list || i >= argc) return usage("need -e EVENTS and a command after --");
  if (parse_events(list) < 0) return 2;
  errno = 0;
  if (cpus && pin(cpus) < 0) {
    fprintf(stderr, "perfgate-count: cannot pin to CPUs %s: %s\n", cpus, errno ? strerror(errno) : "not a CPU list");
    return 255;
  }

  int go[2], failed[2];
  if (pipe(go) < 0 || pipe2(failed, O_CLOEXEC) < 0) {
    perror("perfgate-count: pipe");
    return 255;
  }
  pid_t child = fork();
  if (child < 0) {
    perror("perfgate-count: fork");
    return 255;
  }
  if (child == 0) {
    /* Wait, as perf's prepare_workload does, until the counters exist; then exec. */
    char c;
    close(go[1]);
    close(failed[0]);
    if (read(go[0], &c, 1) != 1) _exit(127);
    close(go[0]);
    execvp(argv[i], &argv[i]);
    int err = errno;
    if (write(failed[1], &err, sizeof err) < 0) _exit(127);
    _exit(127);
  }
  close(go[0]);
  close(failed[1]);
  for (int e = 0; e < nevents; e++) {
    if (events[e].k->type == DURATION) continue;
    if (open_event(&events[e], child) != 0) {
      kill(child, SIGKILL);
      waitpid(child, NULL, 0);
      return 255;
    }
  }
  double t0 = now_ns();
  if (write(go[1], "x", 1) != 1) {
    perror("perfgate-count: release");
    kill(child, SIGKILL);
    return 255;
  }
  close(go[1]);
  /* Only the child's exit wakes this process: a wake-up while it runs would take its CPU. */
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) {
      perror("perfgate-count: waitpid");
      return 255;
    }
  for (int e = 0; e < nevents; e++)
    if (events[e].fd >= 0) ioctl(events[e].fd, PERF_EVENT_IOC_DISABLE, 0);
  double t1 = now_ns();
  /* The child has gone: its end of the pipe is closed, by exec (cloexec) or by its exit. */
  int err = 0;
  ssize_t n;
  do n = read(failed[0], &err, sizeof err);
  while (n < 0 && errno == EINTR);
  close(failed[0]);
  if (n == (ssize_t)sizeof err) {
    /* perf's message and code for a command that could not be started. */
    fprintf(stderr, "Workload failed: %s\n", strerror(err));
    return 255;
  }
  for (int e = 0; e < nevents; e++) {
    struct event *ev = &events[e];
    if (ev->fd < 0) continue;
    uint64_t buf[3];
    if (read(ev->fd, buf, sizeof buf) == (ssize_t)sizeof buf) {
      ev->value = buf[0];
      ev->enabled = buf[1];
      ev->running = buf[2];
    }
    close(ev->fd);
  }
  FILE *out = outfile ? fopen(outfile, "w") : stderr;
  if (!out) {
    fprintf(stderr, "perfgate-count: cannot write %s: %s\n", outfile, strerror(errno));
    return 255;
  }
  print(out, t1 - t0);
  if (out != stderr && fclose(out) != 0) {
    fprintf(stderr, "perfgate-count: cannot write %s: %s\n", outfile, strerror(errno));
    return 255;
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    signal(sig, SIG_DFL);
    kill(getpid(), sig);
    return 128 + sig;
  }
  return WEXITSTATUS(status);
}
`;
