#include "viz/run_render.hpp"

#include "io/output_folder.hpp"
#include "io/run_file.hpp"
#include "solver/errors.hpp"
#include "viz/colour_maps.hpp"
#include "viz/display_check.hpp"
#include "viz/leg_replay.hpp"
#include "viz/leg_scene.hpp"
#include "viz/leg_shapes.hpp"
#include "viz/pvd_export.hpp"

#include <vtkNew.h>
#include <vtkOggTheoraWriter.h>
#include <vtkPNGWriter.h>
#include <vtkXMLPolyDataWriter.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <regex>

namespace kneeload::viz {
namespace fs = std::filesystem;
namespace {

// World box of everything the side view must show over the given samples (m): the leg from
// the hip down, a little trunk, and both force arrows (from the stored forces, no PF solve).
std::array<double, 4> calc_view_box_m(const LegReplay& replay, const RunResult& run,
                                      const std::vector<int>& samples, double arrow_N_per_m) {
  LegReplayWorkspace ws(replay);
  LegFrame f = make_leg_frame(replay);
  const LegSkeleton& sk = replay.model.skeleton;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  auto grow = [&](const Eigen::Vector3d& p) {
    x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x());
    y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
  };
  for (int s : samples) {
    calc_leg_frame_kinematics(replay, run, s, ws, f);
    const Eigen::Vector3d knee =
        calc_world_point(f, LegBody::femur, sk.knee_in_femur_m.head<2>());
    grow(calc_world_point(f, LegBody::pelvis, sk.hip_in_pelvis_m.head<2>() +
                                                  Eigen::Vector2d(0, sk.segments.pelvis.length_m + 0.14)));
    grow(knee);
    grow(calc_world_point(f, LegBody::tibia, sk.ankle_in_tibia_m.head<2>()));
    grow(calc_world_point(f, LegBody::foot, sk.heel_in_foot_m.head<2>()) - Eigen::Vector3d(0.04, 0.05, 0));
    grow(calc_world_point(f, LegBody::foot, sk.mtp_in_foot_m.head<2>()) + Eigen::Vector3d(0.06, -0.05, 0));
    grow(f.ground_cop_m + f.ground_force_N / arrow_N_per_m);
    const double a = f.body_angle_rad[int(LegBody::femur)];
    const Eigen::Vector3d pf = run.patellofemoral.contact_force_N.row(s).transpose();
    const Eigen::Vector3d pf_world(std::cos(a) * pf.x() - std::sin(a) * pf.y(),
                                   std::sin(a) * pf.x() + std::cos(a) * pf.y(), 0.0);
    grow(knee + pf_world / arrow_N_per_m + Eigen::Vector3d(0.05, 0.08, 0));  // + its label
  }
  // Margins: room for the caption above and the colour bar below, m.
  return {x0 - 0.08, x1 + 0.12, y0 - 0.20, y1 + 0.28};
}

// Files and the folder made so far; removed unless commit() is called. No file may replace the
// input run file (which may lie in the folder under a frame's or the movie's name).
class OutputGuard {
 public:
  OutputGuard(const fs::path& dir, const std::string& input)
      : dir_(dir), input_(input), created_(prepare_output_folder(dir.string(), "-o")) {}
  ~OutputGuard() {
    if (committed_) return;
    std::error_code ec;
    for (const std::string& f : files_) fs::remove(f, ec);
    if (created_) fs::remove(dir_, ec);  // only if empty
  }
  std::string add(const std::string& name) {
    const fs::path path = check_not_input(name);
    files_.push_back(path.string());
    return files_.back();
  }
  // The path of `name` in the folder, refused if it is the input run file; not tracked.
  fs::path check_not_input(const std::string& name) const {
    const fs::path path = dir_ / name;
    std::error_code ec;
    if (fs::exists(path, ec) && fs::equivalent(path, input_, ec))
      throw InputError(fmt::format("-o {}: '{}' would replace the run file being drawn; write "
                                   "elsewhere",
                                   dir_.string(), path.string()));
    return path;
  }
  // The last added file, complete, takes its final name (an earlier file of that name goes).
  std::string rename_last(const std::string& name) {
    const fs::path path = check_not_input(name);
    std::error_code ec;
    fs::rename(files_.back(), path, ec);
    if (ec)
      throw InputError(fmt::format("could not write '{}': {}", path.string(), ec.message()));
    files_.back() = path.string();
    return files_.back();
  }
  const std::vector<std::string>& files() const { return files_; }
  void commit() { committed_ = true; }

 private:
  fs::path dir_;
  std::string input_;
  bool created_ = false, committed_ = false;
  std::vector<std::string> files_;
};

void check_written(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0)
    throw InputError(fmt::format("could not write '{}'", path));
}

// After the first of `total` frame files: the others, of about its size, must fit in the free
// space (a full disk makes VTK's writers print several lines, or crash, rather than fail cleanly).
void check_space_for_frames(const std::string& first_frame, std::size_t total) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(first_frame, ec);
  const fs::space_info space = fs::space(fs::path(first_frame).parent_path(), ec);
  if (ec) return;
  const double needed = 1.1 * double(size) * double(total - 1) + (1 << 20);
  if (double(space.available) < needed)
    throw InputError(fmt::format("not enough space in '{}' for {} frames: about {:.0f} MB needed, "
                                 "{} MB free",
                                 fs::path(first_frame).parent_path().string(), total,
                                 needed / (1 << 20), space.available >> 20));
}

// An Ogg file written to its end: its last page is complete and marks the end of the stream
// (the movie writer does not report a write that failed, e.g. on a full disk).
void check_ogg_complete(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const std::size_t page = bytes.rfind("OggS");
  bool complete = page != std::string::npos && page + 27 <= bytes.size();
  if (complete) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    const std::size_t segments = byte(page + 26);
    std::size_t length = 27 + segments;
    for (std::size_t k = 0; k < segments && page + 27 + k < bytes.size(); ++k)
      length += byte(page + 27 + k);
    complete = (byte(page + 5) & 0x04) != 0 && page + length == bytes.size();  // 0x04: last page
  }
  if (!complete)
    throw InputError(fmt::format("could not write '{}' to its end (is the disk full?)", path));
}

// Frame `index` (0-based) of `total` is written: tell the caller's progress line, if any.
void report_frame(const RenderOptions& options, std::size_t index, std::size_t total) {
  if (options.on_frame_written)
    options.on_frame_written(static_cast<int>(index + 1), static_cast<int>(total));
}

}  // namespace

std::vector<int> select_frame_samples(const RunResult& run, const RenderOptions& options) {
  const int n = get_sample_count(run);
  if (n < 1) return {};
  if (options.frames == FrameChoice::peak) return {find_peak_pf_sample(run)};
  std::vector<int> samples;
  if (options.format != RenderFormat::ogv) {
    for (int k = 0; k < n; ++k) samples.push_back(k);
    return samples;
  }
  // Movie: frame i shows the stance at t0 + i / (fps × slow motion), nearest stored sample.
  const double t0 = run.time_s[0], t1 = run.time_s[n - 1];
  const double dt_s = 1.0 / (options.fps * kMovieSlowMotion);
  int k = 0;
  for (int i = 0;; ++i) {
    const double t = t0 + i * dt_s;
    if (t > t1 + 1e-12) break;
    while (k + 1 < n && std::abs(run.time_s[k + 1] - t) <= std::abs(run.time_s[k] - t)) ++k;
    samples.push_back(k);
  }
  return samples;
}

void parse_image_size(const std::string& text, int& width_px, int& height_px) {
  std::smatch m;
  const std::regex pattern("^([0-9]{1,5})x([0-9]{1,5})$");
  if (std::regex_match(text, m, pattern)) {
    const int w = std::stoi(m[1]), h = std::stoi(m[2]);
    // Below 640 x 360 the labels, at their smallest readable size, overlap.
    if (w >= 640 && w <= 3840 && h >= 360 && h <= 2160 && w % 2 == 0 && h % 2 == 0) {
      width_px = w;
      height_px = h;
      return;
    }
  }
  throw InputError(fmt::format("--size '{}' must be WIDTHxHEIGHT in pixels, even numbers, "
                               "640-3840 x 360-2160 (e.g. 1280x720)", text));
}

RenderFormat parse_render_format(const std::string& text) {
  if (text == "png") return RenderFormat::png;
  if (text == "ogv") return RenderFormat::ogv;
  if (text == "pvd") return RenderFormat::pvd;
  throw InputError(fmt::format("--format '{}' is not one of png, ogv, pvd", text));
}

FrameChoice parse_frame_choice(const std::string& text) {
  if (text == "all") return FrameChoice::all;
  if (text == "peak") return FrameChoice::peak;
  throw InputError(fmt::format("--frame '{}' is not one of all, peak", text));
}

RenderReport render_run(const std::string& run_path, const std::string& out_dir,
                        const RenderOptions& options) {
  // Only a movie has a frame rate (kneeload render notes --fps as ignored for the others).
  if (options.format == RenderFormat::ogv && (options.fps < 1 || options.fps > 120))
    throw InputError(fmt::format("--fps {} is outside 1-120 frames per second", options.fps));
  // Everything that can fail on input is checked before the output folder is touched.
  const RunResult run = read_run_file(run_path);
  const LegReplay replay = make_leg_replay(run, fmt::format("results file '{}'", run_path));
  const std::vector<int> samples = select_frame_samples(run, options);
  if (samples.empty()) throw InputError(fmt::format("results file '{}' has no samples", run_path));
  const DisplayConnection display =  // held until the frames are written
      options.format != RenderFormat::pvd ? require_display() : DisplayConnection();

  // One arrow scale for the whole run, so that frames compare.
  double max_force_N = 0;
  for (int k = 0; k < get_sample_count(run); ++k)
    max_force_N = std::max({max_force_N, run.ground.force_N.row(k).norm(),
                            run.patellofemoral.contact_force_N.row(k).norm()});
  const double arrow_N_per_m = calc_arrow_scale_N_per_m(max_force_N);
  const std::array<double, 4> box = calc_view_box_m(replay, run, samples, arrow_N_per_m);
  const LegShapes shapes = make_leg_shapes(replay, box[0] - 1.0, box[1] + 1.0);
  LegReplayWorkspace ws(replay);
  LegFrame frame = make_leg_frame(replay);
  const std::string stem = fs::path(run_path).stem().string();

  OutputGuard out(out_dir, run_path);
  RenderReport report;
  if (options.format == RenderFormat::pvd) {
    std::vector<std::pair<double, std::string>> index;
    vtkNew<vtkXMLPolyDataWriter> writer;
    writer->SetDataModeToAppended();
    for (std::size_t i = 0; i < samples.size(); ++i) {
      calc_leg_frame(replay, run, samples[i], ws, frame);
      const std::string name = fmt::format("{}_{:04d}.vtp", stem, i);
      const std::string path = out.add(name);
      writer->SetFileName(path.c_str());
      writer->SetInputData(make_frame_polydata(replay, shapes, frame));
      if (writer->Write() != 1) throw InputError(fmt::format("could not write '{}'", path));
      if (i == 0) check_space_for_frames(path, samples.size());
      index.emplace_back(frame.time_s, name);
      report_frame(options, i, samples.size());
    }
    const std::string pvd = out.add(stem + ".pvd");
    std::ofstream file(pvd);
    file << format_pvd_collection(index);
    file.close();
    if (!file) throw InputError(fmt::format("could not write '{}'", pvd));
  } else {
    LegSceneOptions scene_options;
    scene_options.width_px = options.width_px;
    scene_options.height_px = options.height_px;
    scene_options.pressure_max_MPa = calc_pressure_range_max_MPa(
        replay.max_peak_pressure_MPa, replay.full_compression_pressure_MPa);
    scene_options.view_box_m = box;
    scene_options.arrow_N_per_m = arrow_N_per_m;
    LegScene scene(replay, shapes, scene_options);
    if (options.format == RenderFormat::png) {
      vtkNew<vtkPNGWriter> writer;
      writer->SetCompressionLevel(1);  // fast; frames are ~3x larger than at level 9
      writer->SetInputConnection(scene.get_image()->GetOutputPort());
      for (std::size_t i = 0; i < samples.size(); ++i) {
        calc_leg_frame(replay, run, samples[i], ws, frame);
        scene.update(frame);
        scene.render();
        const std::string path = out.add(fmt::format("frame_{:04d}.png", i));
        writer->SetFileName(path.c_str());
        writer->Write();
        check_written(path);
        if (i == 0) check_space_for_frames(path, samples.size());
        report_frame(options, i, samples.size());
      }
    } else {
      // Written under a temporary name: a failed or interrupted movie never replaces a whole one.
      out.check_not_input(stem + ".ogv");
      const std::string part = out.add(stem + ".ogv.part");
      vtkNew<vtkOggTheoraWriter> writer;
      writer->SetInputConnection(scene.get_image()->GetOutputPort());
      writer->SetFileName(part.c_str());
      writer->SetRate(options.fps);
      writer->SetQuality(2);
      // The first frame must exist before Start() (the writer reads the image size).
      calc_leg_frame(replay, run, samples[0], ws, frame);
      scene.update(frame);
      scene.render();
      writer->Start();
      for (std::size_t i = 0; i < samples.size(); ++i) {
        if (i > 0) {
          calc_leg_frame(replay, run, samples[i], ws, frame);
          scene.update(frame);
          scene.render();
        }
        writer->Write();
        report_frame(options, i, samples.size());
      }
      writer->End();
      check_written(part);
      check_ogg_complete(part);
      out.rename_last(stem + ".ogv");
    }
  }
  report.files = out.files();
  report.frames = static_cast<int>(samples.size());
  out.commit();
  // Numbered frames of an earlier, longer render in the same folder would pass for this run's.
  const auto frame_name = [&](std::size_t i) {  // the stem is text, never a format string
    return options.format == RenderFormat::pvd ? fmt::format("{}_{:04d}.vtp", stem, i)
                                               : fmt::format("frame_{:04d}.png", i);
  };
  if (options.format != RenderFormat::ogv)
    for (std::size_t i = samples.size();; ++i) {
      std::error_code ec;
      const fs::path stale = fs::path(out_dir) / frame_name(i);
      if (!fs::is_regular_file(fs::symlink_status(stale, ec)) || !fs::remove(stale, ec)) break;
      ++report.stale_frames_removed;
    }
  return report;
}

}  // namespace kneeload::viz
