"""Peak memory for the benchmarks that print it: the RSS high-water mark, reset first."""

from __future__ import annotations


def start_measuring() -> int:
    """Let go of garbage, reset the peak RSS to the RSS now and return it (KiB).

    Start-up (imports, create_app) peaks above where it settles; without the reset, a
    small case's peak would be start-up's. Linux resets the high-water mark that
    getrusage reads when "5" is written to clear_refs (since Linux 4.0).
    """
    import gc

    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError as error:
        raise SystemExit(f"cannot reset the peak RSS ({error}): figures would mislead") from error
    return peak_kib()


def peak_kib() -> int:
    import resource

    # Kilobytes on Linux (bytes on macOS).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
