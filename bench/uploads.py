"""CPU and memory of one upload check, per kind of file: each measured in a fresh process.

DEBUG=1 python -m bench.uploads

The budget of docs/uploads.md is under 1 s of CPU and 64 MB of memory per upload. Memory is the peak resident size
during the check (VmHWM, reset through /proc/self/clear_refs) less the resident size before it, so it counts
what the check itself allocated; CPU is user + system time of the check.
"""

import io
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf
from PIL import Image


def _noise(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    return Image.effect_noise(size, 60).convert(mode)


def _photo(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Smooth gradients with a noisy band: large in pixels, a few MB as a file (under UPLOAD_MAX_BYTES)."""
    image = Image.linear_gradient("L").resize(size).convert(mode)
    band = (size[0], size[1] // 8)
    image.paste(_noise(band, mode), (0, size[1] // 2))
    return image


def _save(image: Image.Image, format_: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format_, **options)
    return out.getvalue()


def _pdf(pages: int) -> bytes:
    with pikepdf.open(io.BytesIO(_save(_noise((1240, 1754)), "PDF", resolution=150))) as scan, pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.pages.append(scan.pages[0])
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


CASES = {
    "png 7000x7000 (the issue's bomb, refused)": lambda: _save(Image.new("RGB", (7000, 7000), "white"), "PNG"),
    "png A4 300 dpi RGB (8.7 MP)": lambda: _save(_photo((2480, 3508)), "PNG"),
    "png 9 MP RGBA": lambda: _save(_photo((3000, 3000), "RGBA"), "PNG"),
    "jpeg 12 MP photo (decoded at 1/2)": lambda: _save(_photo((4000, 3000)), "JPEG", quality=92),
    "jpeg 8.7 MP scan (decoded in full)": lambda: _save(_photo((2480, 3508)), "JPEG", quality=92),
    "jpeg 48 MP photo (decoded at 1/4)": lambda: _save(_photo((8000, 6000)), "JPEG", quality=85),
    "pdf 40 pages of scans": lambda: _pdf(40),
}


def measure(path: str) -> None:
    """In the child: load everything, then check the file once and print CPU seconds and MB."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhicheng.materials.validation import MaterialError, check_upload

    data = Path(path).read_bytes()
    check_upload(SimpleUploadedFile("warm.png", _save(Image.new("RGB", (8, 8)), "PNG")))
    Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak resident size starts again from now
    resident = _status_kb("VmRSS")
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        checked = check_upload(SimpleUploadedFile("f", data))
        outcome = f"stored {checked.size // 1024} KB"
    except MaterialError as refused:
        outcome = f"refused: {refused.code}"
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{cpu:.2f}\t{(_status_kb('VmHWM') - resident) / 1024:.0f}\t{outcome}")


def _status_kb(field: str) -> int:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(field))
    return int(line.split()[1])


def main() -> None:
    print(f"{'file':45} {'size':>9} {'CPU s':>6} {'MB':>5}  outcome")
    with tempfile.TemporaryDirectory() as directory:
        for name, build in CASES.items():
            path = Path(directory) / "upload"
            path.write_bytes(build())
            result = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.uploads", "--measure", str(path)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
            )
            cpu, mb, outcome = result.stdout.strip().splitlines()[-1].split("\t")
            print(f"{name:45} {path.stat().st_size // 1024:>7} K {cpu:>6} {mb:>5}  {outcome}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2])
    else:
        main()
