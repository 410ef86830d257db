#pragma once
// `kneeload render`: pictures of a stored run (DESIGN.md §5, issue 6). Reads the run file, replays
// the chosen samples (viz/leg_replay.hpp) and writes PNG frames, an Ogg Theora movie, or a
// ParaView series (.vtp per frame + .pvd index). Nothing is created when the input is bad; on any
// failure the files written so far (and the folder, if this call made it) are removed.
// docs/viz.md, "kneeload render".
#include <functional>
#include <string>
#include <vector>

namespace kneeload {
struct RunResult;
}

namespace kneeload::viz {

enum class RenderFormat { png, ogv, pvd };
enum class FrameChoice { all, peak };

// The movie plays the stance this many times slower than real time (1): a 0.24 s running stance
// lasts 2.4 s, a 0.7 s stair stance 7 s.
inline constexpr double kMovieSlowMotion = 10.0;

struct RenderOptions {
  RenderFormat format = RenderFormat::png;
  FrameChoice frames = FrameChoice::all;
  int fps = 30;                        // movie frames per second (ogv), 1..120
  int width_px = 1280, height_px = 720;  // even numbers, 160..3840 x 120..2160
  // Called after each frame is written with (frames written, frames in all): a progress line.
  std::function<void(int, int)> on_frame_written;
};

struct RenderReport {
  std::vector<std::string> files;  // written, in order (frames first; the .pvd/.ogv last)
  int frames = 0;
  int stale_frames_removed = 0;  // numbered frames of an earlier render beyond this one's
};

// Samples to draw: every sample (png, pvd), the movie's real-time grid at fps / kMovieSlowMotion
// (nearest sample, ogv), or the one with the largest PF force (FrameChoice::peak).
std::vector<int> select_frame_samples(const RunResult& run, const RenderOptions& options);

// Parses "1280x720" (InputError naming the text and the limits otherwise).
void parse_image_size(const std::string& text, int& width_px, int& height_px);
// "png" | "ogv" | "pvd", "all" | "peak" (InputError listing the valid words otherwise).
RenderFormat parse_render_format(const std::string& text);
FrameChoice parse_frame_choice(const std::string& text);

// Throws InputError (one line) for a missing or corrupt run file, bad options, no display (png,
// ogv), or an output folder that cannot be made.
RenderReport render_run(const std::string& run_path, const std::string& out_dir,
                        const RenderOptions& options);

}  // namespace kneeload::viz
