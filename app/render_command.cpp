// `kneeload render RUN.h5 -o DIR [--format png|ogv|pvd] [--fps N] [--size WxH] [--frame peak|all]`
// (DESIGN.md §5, issue 6): frames, a movie or a ParaView series of a stored run. The run file is
// read and checked before the output folder is made, so bad input leaves nothing behind.
#include "app/commands.hpp"
#include "app/interrupt_guard.hpp"
#include "app/note.hpp"
#include "app/progress_line.hpp"
#include "solver/errors.hpp"
#ifdef KNEELOAD_WITH_VTK
#include "viz/run_render.hpp"
#endif

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

namespace kneeload::app {
namespace {

struct RenderCommandOptions {
  std::string run_path;      // HDF5 run file
  std::string output_dir;    // folder for the frames, movie or series
  std::string format = "png";
  std::string frames = "all";
  std::string size = "1280x720";
  int fps = 30;              // frames per second of the movie
  bool fps_given = false, size_given = false;
};

void render(const RenderCommandOptions& o) {
#ifdef KNEELOAD_WITH_VTK
  viz::RenderOptions options;
  options.format = viz::parse_render_format(o.format);
  options.frames = viz::parse_frame_choice(o.frames);
  options.fps = o.fps;
  if (options.format == viz::RenderFormat::ogv && options.frames == viz::FrameChoice::peak)
    throw InputError("--frame peak with --format ogv would make a movie of one frame; use "
                     "--frame all for the movie, or --format png for the one picture");
  if (options.format != viz::RenderFormat::pvd)  // a series has no image size
    viz::parse_image_size(o.size, options.width_px, options.height_px);
  // Options that do not apply to the format are said to be ignored, not silently dropped.
  if (o.fps_given && options.format != viz::RenderFormat::ogv)
    print_note(stderr, fmt::format("note: --fps applies to --format ogv only; ignored\n"));
  if (o.size_given && options.format == viz::RenderFormat::pvd)
    print_note(stderr, fmt::format("note: --size applies to png and ogv only; ignored\n"));
  std::optional<ProgressLine> progress;  // made at the first frame, when the count is known
  const InterruptGuard interrupt;          // Ctrl-C: the frames so far are removed
  options.on_frame_written = [&progress, &interrupt](int written, int total) {
    interrupt.stop_if_interrupted();
    if (total < 2) return;  // one picture needs no progress line
    if (!progress) progress.emplace(total, 0, "render", "frames");
    progress->update(written);
  };
  const viz::RenderReport report = viz::render_run(o.run_path, o.output_dir, options);
  if (progress) progress->clear();
  print_note(stderr, fmt::format("wrote {} frame{} to {} ({})\n", report.frames,
                                 report.frames == 1 ? "" : "s", o.output_dir,
                                 report.files.empty() ? "" : report.files.back()));
  if (report.stale_frames_removed > 0)
    print_note(stderr, fmt::format("removed {} later-numbered frame{} of an earlier render\n",
                                   report.stale_frames_removed,
                                   report.stale_frames_removed == 1 ? "" : "s"));
#else
  (void)o;
  throw InputError("render needs a build with VTK (cmake -DKNEELOAD_WITH_VTK=ON)");
#endif
}

}  // namespace

void add_render_command(CLI::App& cli) {
  auto o = std::make_shared<RenderCommandOptions>();
  CLI::App* command = cli.add_subcommand(
      "render", "Pictures of a run: PNG frames, an Ogg movie (10x slow motion) or a ParaView "
                "series (png and ogv need an X display or xvfb-run -a)");
  command->add_option("run", o->run_path, "Run file (HDF5, from kneeload run)")->required();
  command->add_option("-o,--output", o->output_dir, "Output folder (made if missing)")
      ->required()
      ->check(kNotEmpty);
  command->add_option("--format", o->format,
                      "png: frames DIR/frame_0000.png ...; ogv: DIR/<run>.ogv; pvd: DIR/<run>.pvd "
                      "with one .vtp per frame (default png)");
  CLI::Option* fps = command->add_option("--fps", o->fps, "Movie frames per second (default 30)");
  CLI::Option* size = command->add_option(
      "--size", o->size,
      "Image size WIDTHxHEIGHT in pixels, 640-3840 x 360-2160 (default 1280x720)");
  command->add_option("--frame", o->frames,
                      "all: every stored sample (the movie: real time x 10); peak: the one frame "
                      "of the largest PF force (default all)");
  command->callback([o, fps, size] {
    o->fps_given = fps->count() > 0;
    o->size_given = size->count() > 0;
    render(*o);
  });
}

}  // namespace kneeload::app
