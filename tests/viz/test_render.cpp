// `kneeload render`'s parts on a real run (level_run simulated once per test binary): frames are
// not blank and the knee close-up shows the top of the pressure colour map at the frame of peak
// PF force but not at the least loaded frame (pixel statistics, not snapshot bytes); the replayed
// PF equilibrium reproduces the stored peak pressure (a second evaluation of the same law); the
// ParaView series reads back with VTK's XML reader; the movie is written; bad input leaves no
// output folder; a patch pressed through its cartilage to the bone shows magenta.
#include <catch2/catch.hpp>
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkFieldData.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataReader.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "io/config.hpp"
#include "io/run_file.hpp"
#include "scenarios/scenario_runner.hpp"
#include "solver/errors.hpp"
#include "tests/io/run_result_fixture.hpp"
#include "tests/viz/skip_without_display.hpp"
#include "viz/bar_panel_layout.hpp"
#include "viz/colour_bar.hpp"
#include "viz/colour_maps.hpp"
#include "viz/leg_replay.hpp"
#include "viz/leg_scene.hpp"
#include "viz/leg_shapes.hpp"
#include "viz/pvd_export.hpp"
#include "viz/run_render.hpp"
#include "viz/text_metrics.hpp"

namespace fs = std::filesystem;
using kneeload::InputError;
using kneeload::RunResult;
using kneeload::testing::ScratchFolder;
namespace viz = kneeload::viz;

namespace {

// One simulated level_run, written as a run file once for the whole test binary.
const std::string& get_level_run_file() {
  static const ScratchFolder folder("kneeload_render_run");
  static const std::string path = [] {
    const kneeload::Parameters params = kneeload::resolve_parameters("level_run", "", {});
    RunResult run = kneeload::run_scenario("level_run", params);
    run.meta.config_toml = kneeload::format_parameters_toml(params);
    const std::string file = folder.file("level_run.h5");
    kneeload::write_run_file(file, run);
    return file;
  }();
  return path;
}

// An RGB picture as the scene renders it, rows bottom-up.
struct Picture {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;  // [height × width × 3]
  const unsigned char* pixel(int x, int y) const { return &rgb[3 * (std::size_t(y) * width + x)]; }
};

// The scene options of these tests: 960 × 540 px, the pressure map's range as `kneeload render`
// sets it from the run, a view box that holds the stance.
viz::LegSceneOptions make_test_scene_options(const viz::LegReplay& replay) {
  viz::LegSceneOptions options;
  options.width_px = 960;
  options.height_px = 540;
  options.pressure_max_MPa = viz::calc_pressure_range_max_MPa(
      replay.max_peak_pressure_MPa, replay.full_compression_pressure_MPa);
  options.view_box_m = {-0.6, 1.0, -0.2, 1.2};
  return options;
}

// One frame of `run` at `sample`, drawn as `kneeload render` would.
Picture draw_frame(const RunResult& run, int sample) {
  const viz::LegReplay replay = viz::make_leg_replay(run, "test run");
  const viz::LegShapes shapes = viz::make_leg_shapes(replay, -2.0, 2.0);
  viz::LegScene scene(replay, shapes, make_test_scene_options(replay));
  viz::LegReplayWorkspace ws(replay);
  viz::LegFrame frame = viz::make_leg_frame(replay);
  viz::calc_leg_frame(replay, run, sample, ws, frame);
  scene.update(frame);
  scene.render();
  scene.get_image()->Update();
  vtkImageData* image = scene.get_image()->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  REQUIRE(image->GetNumberOfScalarComponents() == 3);
  const auto* data = static_cast<const unsigned char*>(image->GetScalarPointer());
  return {dims[0], dims[1], std::vector<unsigned char>(data, data + 3L * dims[0] * dims[1])};
}

struct PixelStats {
  long top_colour = 0;     // pixels near the top 15 % of the pressure colour map
  long distinct = 0;       // distinct colours (coarse: 4 bits per channel)
  double non_background = 0;  // fraction of pixels not near the panel's corner colour
};

// Statistics of the pixels inside a viewport (fractions, origin bottom left) of an RGB image.
PixelStats calc_pixel_stats(vtkImageData* image, const viz::Viewport& v,
                            vtkLookupTable* pressure_table) {
  int dims[3];
  image->GetDimensions(dims);
  const int channels = image->GetNumberOfScalarComponents();
  const auto* data = static_cast<const unsigned char*>(image->GetScalarPointer());
  const int x0 = int(v[0] * dims[0]) + 2, x1 = int(v[2] * dims[0]) - 2;
  const int y0 = int(v[1] * dims[1]) + 2, y1 = int(v[3] * dims[1]) - 2;
  std::vector<std::array<int, 3>> top;  // the map's top 15 % colours, 0..255
  for (int i = 218; i < 256; ++i) {
    double rgba[4];
    pressure_table->GetTableValue(i, rgba);
    top.push_back({int(255 * rgba[0] + 0.5), int(255 * rgba[1] + 0.5), int(255 * rgba[2] + 0.5)});
  }
  const unsigned char* corner = data + (static_cast<long>(y0) * dims[0] + x0) * channels;
  const std::array<int, 3> background = {corner[0], corner[1], corner[2]};
  PixelStats s;
  std::set<int> colours;
  long total = 0, differing = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = data + (static_cast<long>(y) * dims[0] + x) * channels;
      ++total;
      colours.insert((p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4));
      if (std::abs(p[0] - background[0]) + std::abs(p[1] - background[1]) +
              std::abs(p[2] - background[2]) > 30)
        ++differing;
      for (const auto& c : top)
        if (std::abs(p[0] - c[0]) <= 12 && std::abs(p[1] - c[1]) <= 12 && std::abs(p[2] - c[2]) <= 12) {
          ++s.top_colour;
          break;
        }
    }
  s.distinct = static_cast<long>(colours.size());
  s.non_background = total > 0 ? double(differing) / total : 0.0;
  return s;
}

int find_least_loaded_sample(const RunResult& run) {
  const Eigen::VectorXd& f = run.patellofemoral.contact_force_bw;
  int best = 0;
  for (int k = 1; k < f.size(); ++k)
    if (f[k] < f[best]) best = k;
  return best;
}

}  // namespace

TEST_CASE("render: the replayed PF equilibrium reproduces the run's stored pressure and force",
          "[viz]") {
  // Law: the same equilibrium (Lenhart 2015 elastic foundation) solved again at the stored knee
  // angle and quadriceps forces gives the stored peak pressure and contact force.
  const RunResult run = kneeload::read_run_file(get_level_run_file());
  const viz::LegReplay replay = viz::make_leg_replay(run, "test run");
  viz::LegReplayWorkspace ws(replay);
  viz::LegFrame frame = viz::make_leg_frame(replay);
  const int peak = viz::find_peak_pf_sample(run);
  CHECK(run.time_s[peak] == Approx(run.summary.time_of_peak_pf_s));
  viz::calc_leg_frame(replay, run, peak, ws, frame);
  REQUIRE(frame.pf_loaded);
  CHECK(frame.peak_pressure_MPa == Approx(run.patellofemoral.peak_pressure_MPa[peak]).epsilon(0.01));
  CHECK(frame.patch_pressure_MPa.maxCoeff() == Approx(frame.peak_pressure_MPa).epsilon(1e-9));
  CHECK(frame.pf_force_on_patella_N.norm() ==
        Approx(run.patellofemoral.contact_force_N.row(peak).norm()).epsilon(0.01));
  CHECK(frame.contact_area_mm2 == Approx(run.patellofemoral.contact_area_mm2[peak]).epsilon(0.02));
  // Forward kinematics: the tibia's origin is the knee centre of the femur.
  const Eigen::Vector3d knee = viz::calc_world_point(frame, viz::LegBody::femur,
                                                     replay.model.skeleton.knee_in_femur_m.head<2>());
  CHECK((knee.head<2>() - frame.body_origin_m[int(viz::LegBody::tibia)]).norm() < 1e-12);
  // The toes hinge at the foot's MTP joint, turned from the foot by the stored mtp_angle_r.
  const Eigen::Vector3d mtp = viz::calc_world_point(
      frame, viz::LegBody::foot, replay.model.foot_contact.mtp_in_foot_m.head<2>());
  CHECK((mtp.head<2>() - frame.body_origin_m[int(viz::LegBody::toes)]).norm() < 1e-12);
  REQUIRE(replay.toe_column >= 0);
  const double toe_rad = run.coordinates.values(peak, replay.toe_column);
  CHECK(toe_rad > 0.1);  // mid stance: the heel has risen, the toes are extended
  CHECK(frame.body_angle_rad[int(viz::LegBody::toes)] -
            frame.body_angle_rad[int(viz::LegBody::foot)] == Approx(toe_rad).epsilon(1e-12));
}

TEST_CASE("render png: frames not blank, the knee close-up shows top pressure colours at the "
          "peak PF frame and none at the least loaded frame", "[viz]") {
  viz::testing::skip_without_display();
  const RunResult run = kneeload::read_run_file(get_level_run_file());
  const viz::LegReplay replay = viz::make_leg_replay(run, "test run");
  const viz::LegShapes shapes = viz::make_leg_shapes(replay, -2.0, 2.0);
  const viz::LegSceneOptions options = make_test_scene_options(replay);
  viz::LegScene scene(replay, shapes, options);
  const auto table = viz::make_pressure_lookup_table(options.pressure_max_MPa);
  viz::LegReplayWorkspace ws(replay);
  viz::LegFrame frame = viz::make_leg_frame(replay);

  auto draw = [&](int sample) {
    viz::calc_leg_frame(replay, run, sample, ws, frame);
    scene.update(frame);
    scene.render();
    scene.get_image()->Update();
    return scene.get_image()->GetOutput();
  };
  vtkImageData* peak_image = draw(viz::find_peak_pf_sample(run));
  int dims[3];
  peak_image->GetDimensions(dims);
  CHECK(dims[0] == 960);
  CHECK(dims[1] == 540);
  const PixelStats leg = calc_pixel_stats(peak_image, viz::kLegViewport, table);
  const PixelStats knee_peak = calc_pixel_stats(peak_image, viz::kKneeInsetViewport, table);
  INFO("leg panel: " << leg.distinct << " colours, " << leg.non_background << " non-background");
  CHECK(leg.distinct > 100);            // bones, muscles, arrows, text: far from blank
  CHECK(leg.non_background > 0.05);
  INFO("knee panel at peak: " << knee_peak.top_colour << " top-colour pixels");
  CHECK(knee_peak.top_colour > 30);     // the most pressed patches reach the top of the map

  const int quiet = find_least_loaded_sample(run);
  vtkImageData* quiet_image = draw(quiet);
  const PixelStats knee_quiet = calc_pixel_stats(quiet_image, viz::kKneeInsetViewport, table);
  INFO("least loaded sample " << quiet << " (" << run.patellofemoral.contact_force_bw[quiet]
                              << " BW): " << knee_quiet.top_colour << " top-colour pixels");
  CHECK(knee_quiet.top_colour <= 2);
}

TEST_CASE("render pvd: the series reads back with vtkXMLPolyDataReader, one frame per sample, "
          "with the activation, pressure and force arrays", "[viz]") {
  const RunResult run = kneeload::read_run_file(get_level_run_file());
  const ScratchFolder folder("kneeload_render_pvd");
  viz::RenderOptions options;
  options.format = viz::RenderFormat::pvd;
  std::vector<std::pair<int, int>> progress;  // (written, total) after each frame
  options.on_frame_written = [&progress](int written, int total) {
    progress.emplace_back(written, total);
  };
  const viz::RenderReport report = viz::render_run(get_level_run_file(), folder.file("series"), options);
  const int n = kneeload::get_sample_count(run);
  CHECK(report.frames == n);
  // The progress line hears of every frame, in order, with the total.
  REQUIRE(progress.size() == std::size_t(n));
  CHECK(progress.front() == std::make_pair(1, n));
  CHECK(progress.back() == std::make_pair(n, n));
  const fs::path pvd = fs::path(folder.file("series")) / "level_run.pvd";
  REQUIRE(fs::exists(pvd));
  std::stringstream text;
  text << std::ifstream(pvd).rdbuf();
  const std::string xml = text.str();
  long datasets = 0;
  for (std::size_t at = xml.find("<DataSet"); at != std::string::npos; at = xml.find("<DataSet", at + 1))
    ++datasets;
  CHECK(datasets == n);
  CHECK(xml.find("type=\"Collection\"") != std::string::npos);

  // The peak frame: arrays present, pressure as re-solved, activation as stored.
  const int peak = viz::find_peak_pf_sample(run);
  vtkNew<vtkXMLPolyDataReader> reader;
  reader->SetFileName((fs::path(folder.file("series")) / fmt::format("level_run_{:04d}.vtp", peak)).c_str());
  reader->Update();
  vtkPolyData* data = reader->GetOutput();
  REQUIRE(data->GetNumberOfCells() > 1000);
  vtkDataArray* part = data->GetCellData()->GetArray("part");
  vtkDataArray* activation = data->GetCellData()->GetArray("activation");
  vtkDataArray* pressure = data->GetCellData()->GetArray("pressure_MPa");
  vtkDataArray* force = data->GetPointData()->GetArray("force_N");
  REQUIRE(part != nullptr);
  REQUIRE(activation != nullptr);
  REQUIRE(pressure != nullptr);
  REQUIRE(force != nullptr);
  CHECK(force->GetNumberOfComponents() == 3);
  CHECK(pressure->GetRange()[1] == Approx(run.patellofemoral.peak_pressure_MPa[peak]).epsilon(0.01));
  CHECK(activation->GetRange()[1] == Approx(run.muscles.activation.row(peak).maxCoeff()));
  // The force points carry the stored ground force and the PF force (on the femur) of the frame.
  bool has_ground = false, has_pf = false;
  const Eigen::Vector3d grf = run.ground.force_N.row(peak).transpose();
  const double pf_N = run.patellofemoral.contact_force_N.row(peak).norm();
  for (vtkIdType i = 0; i < force->GetNumberOfTuples(); ++i) {
    const double* f = force->GetTuple3(i);
    const Eigen::Vector3d v(f[0], f[1], f[2]);
    has_ground = has_ground || (v - grf).norm() <= 1e-6 * (1 + grf.norm());
    has_pf = has_pf || std::abs(v.norm() - pf_N) <= 0.01 * pf_N;
  }
  CHECK(has_ground);
  CHECK(has_pf);
  vtkDataArray* time = data->GetFieldData()->GetArray("time_s");
  REQUIRE(time != nullptr);
  CHECK(time->GetTuple1(0) == Approx(run.time_s[peak]));
}

TEST_CASE("render: numbered frames of an earlier, longer render in the folder are removed, other "
          "files kept", "[viz]") {
  const ScratchFolder folder("kneeload_render_stale");
  const fs::path dir = folder.file("series");
  fs::create_directories(dir);
  for (int i : {0, 1, 2, 3, 4, 5, 7})  // an earlier render's frames 0-5, and one after a gap
    std::ofstream(dir / fmt::format("level_run_{:04d}.vtp", i)) << "old";
  std::ofstream(dir / "level_run_notes.txt") << "the user's";
  viz::RenderOptions options;
  options.format = viz::RenderFormat::pvd;
  options.frames = viz::FrameChoice::peak;  // one frame: level_run_0000.vtp
  const viz::RenderReport report = viz::render_run(get_level_run_file(), dir.string(), options);
  CHECK(report.frames == 1);
  CHECK(report.stale_frames_removed == 5);
  CHECK(fs::file_size(dir / "level_run_0000.vtp") > 100);
  for (int i = 1; i <= 5; ++i)
    CHECK_FALSE(fs::exists(dir / fmt::format("level_run_{:04d}.vtp", i)));
  CHECK(fs::exists(dir / "level_run_0007.vtp"));  // not contiguous with this render: left alone
  CHECK(fs::exists(dir / "level_run_notes.txt"));
  // A run file whose name holds braces: names are built from it as text.
  const std::string braces = folder.file("run{x}.h5");
  fs::copy_file(get_level_run_file(), braces);
  std::ofstream(dir / "run{x}_0001.vtp") << "old";
  const viz::RenderReport odd = viz::render_run(braces, dir.string(), options);
  CHECK(odd.stale_frames_removed == 1);
  CHECK(fs::exists(dir / "run{x}_0000.vtp"));
}

TEST_CASE("render ogv: the movie file is written at fps x slow motion and is not trivial", "[viz]") {
  viz::testing::skip_without_display();
  const RunResult run = kneeload::read_run_file(get_level_run_file());
  const ScratchFolder folder("kneeload_render_ogv");
  viz::RenderOptions options;
  options.format = viz::RenderFormat::ogv;
  options.width_px = 320;
  options.height_px = 180;
  const viz::RenderReport report = viz::render_run(get_level_run_file(), folder.file("movie"), options);
  // Real time x 10 at 30 frames per second: 300 frames per second of stance.
  const double stance_s = run.time_s[run.time_s.size() - 1] - run.time_s[0];
  CHECK(report.frames == int(std::floor(stance_s * 30 * viz::kMovieSlowMotion + 1e-9)) + 1);
  const fs::path movie = fs::path(folder.file("movie")) / "level_run.ogv";
  REQUIRE(fs::exists(movie));
  CHECK(fs::file_size(movie) > 10000);
}

TEST_CASE("render: a missing or corrupt run file is one InputError and no output folder", "[viz]") {
  const ScratchFolder folder("kneeload_render_bad");
  const std::string out = folder.file("frames");
  viz::RenderOptions options;
  options.format = viz::RenderFormat::pvd;
  CHECK_THROWS_AS(viz::render_run(folder.file("missing.h5"), out, options), InputError);
  CHECK_FALSE(fs::exists(out));
  const std::string corrupt = folder.file("corrupt.h5");
  std::ofstream(corrupt) << "not an HDF5 file\n";
  CHECK_THROWS_WITH(viz::render_run(corrupt, out, options), Catch::Contains("corrupt.h5"));
  CHECK_FALSE(fs::exists(out));
  int w = 0, h = 0;
  CHECK_THROWS_AS(viz::parse_image_size("1280x721", w, h), InputError);
  CHECK_THROWS_AS(viz::parse_render_format("gif"), InputError);
  CHECK_THROWS_AS(viz::parse_image_size("320x240", w, h), InputError);  // labels would overlap
  viz::parse_image_size("640x360", w, h);
  CHECK((w == 640 && h == 360));
  viz::parse_image_size("720x1280", w, h);  // portrait
  CHECK((w == 720 && h == 1280));
}

TEST_CASE("render: the knee close-up's readout names the brace force when the run has one",
          "[viz]") {
  viz::LegFrame frame;
  frame.pf_loaded = true;
  frame.peak_pressure_MPa = 6.31;
  frame.contact_area_mm2 = 312.0;
  frame.lateral_fraction = 0.65;
  const std::string plain = viz::make_knee_readout(frame, 0.0, 10.0);
  CHECK(plain.find("peak 6.3 MPa") != std::string::npos);
  CHECK(plain.find("lateral facet 65 %") != std::string::npos);
  CHECK(plain.find("brace") == std::string::npos);
  CHECK(viz::make_knee_readout(frame, 100.0, 10.0).find("brace 100 N medial") != std::string::npos);
  frame.pf_loaded = false;  // a slack quadriceps still shows the brace the runner wears
  CHECK(viz::make_knee_readout(frame, 50.0, 10.0).find("brace 50 N medial") != std::string::npos);
  // A peak above the map's top (the full-compression pressure) says what its magenta means.
  frame.pf_loaded = true;
  CHECK(plain.find("magenta") == std::string::npos);
  frame.peak_pressure_MPa = 57.1;
  CHECK(viz::make_knee_readout(frame, 0.0, 37.9).find("magenta: cartilage pressed through to the "
                                                       "bone") != std::string::npos);
}

TEST_CASE("render: the pressure map stops at the cartilage's full-compression pressure, and a "
          "patch pressed through to the bone is magenta in the close-up",
          "[viz]") {
  CHECK(viz::calc_pressure_range_max_MPa(17.36, 37.9) == 18.0);  // the label step (2) above
  CHECK(viz::calc_pressure_range_max_MPa(16.6, 37.9) == 18.0);   // not 17: the bar ends on a label
  CHECK(viz::calc_pressure_range_max_MPa(7.8, 37.9) == 8.0);
  CHECK(viz::calc_pressure_range_max_MPa(57.1, 37.9) == 37.9);   // capped: bone contact above
  CHECK(viz::calc_pressure_range_max_MPa(0.4, 37.9) == 1.0);
  viz::testing::skip_without_display();
  // downhill_run with vastus medialis × 0.3 presses the lateral facet through its cartilage
  // (docs/model/patellofemoral.md); level_run at defaults never does.
  kneeload::Parameters params = kneeload::resolve_parameters(
      "downhill_run", "", {"muscle.strength.vastus_medialis=0.3"});
  RunResult weak = kneeload::run_scenario("downhill_run", params);
  weak.meta.config_toml = kneeload::format_parameters_toml(params);
  auto magenta_pixels = [](const RunResult& run) {
    Eigen::Index densest = 0;  // the sample of highest peak pressure
    run.patellofemoral.peak_pressure_MPa.maxCoeff(&densest);
    const Picture picture = draw_frame(run, static_cast<int>(densest));
    const viz::Viewport& v = viz::kKneeInsetViewport;
    long count = 0;
    for (int y = int(v[1] * picture.height); y < int(v[3] * picture.height); ++y)
      for (int x = int(v[0] * picture.width); x < int(v[2] * picture.width); ++x) {
        const unsigned char* p = picture.pixel(x, y);
        bool near = true;
        for (int c = 0; c < 3; ++c)
          near = near && std::abs(p[c] - int(255 * viz::kBoneContactColour[c] + 0.5)) <= 12;
        count += near;
      }
    return count;
  };
  const long weak_px = magenta_pixels(weak);
  const long default_px = magenta_pixels(kneeload::read_run_file(get_level_run_file()));
  INFO("magenta pixels: " << weak_px << " (weak vastus medialis), " << default_px << " (default)");
  CHECK(weak_px > 30);
  CHECK(default_px == 0);
}

TEST_CASE("render: a flagged or failed run carries its warning in every picture, and only there",
          "[viz]") {
  kneeload::RunSummary ok;
  ok.status = "ok";
  CHECK(viz::make_run_warning(ok).empty());
  kneeload::RunSummary flagged = ok;
  flagged.failure_reason =
      "flagged: knee_angle_r reserve 63.2 N m > 10 % of joint moment 155.3 N m (for 16 ms from "
      "0.000 s); vertical ground force 7.46 BW > 1.5 times the trial's peak 2.55 BW (for 11 ms "
      "from 0.004 s)";
  CHECK(viz::make_run_warning(flagged) ==
        "flagged: knee reserve; ground force high\n"
        "(details: /summary failure_reason, where flags are listed)");
  kneeload::RunSummary failed = flagged;
  failed.status = "failed";
  failed.failure_reason = "non-finite output (at t = 0.05 s); " + flagged.failure_reason;
  CHECK(viz::make_run_warning(failed).rfind("run failed before toe-off\nflagged: knee reserve",
                                             0) == 0);
  // An ok run is only flagged: its warning does not speak of a failure.
  CHECK(viz::make_run_warning(flagged).find("failed") == std::string::npos);
  // Nor does its caption; a failed run's gives no share of a stance it never finished.
  viz::LegFrame frame;
  frame.time_s = 0.073;
  frame.stance_pct = 100.0;
  frame.pf_force_bw = 5.5;
  frame.pf_force_N = 3777.0;
  CHECK(viz::make_frame_caption("level_run", false, frame) ==
        "level_run   t = 0.073 s   (100 % stance)\nPF contact force 5.50 BW (3777 N)");
  CHECK(viz::make_frame_caption("level_run", true, frame) ==
        "level_run   t = 0.073 s   (before the run failed)\nPF contact force 5.50 BW (3777 N)");

  // The same frame of level_run (flagged: its ankle reserve) drawn with and without its flags:
  // the pictures differ in the warning's place under the legend and nowhere else.
  viz::testing::skip_without_display();
  const RunResult run = kneeload::read_run_file(get_level_run_file());
  REQUIRE(run.summary.failure_reason.find("flagged: ") != std::string::npos);
  RunResult clean = run;
  clean.summary.failure_reason = "";
  const int peak = viz::find_peak_pf_sample(run);
  const Picture with = draw_frame(run, peak), without = draw_frame(clean, peak);
  REQUIRE(with.rgb.size() == without.rgb.size());
  long inside = 0, outside = 0;  // differing pixels; rows run bottom-up
  for (int y = 0; y < with.height; ++y)
    for (int x = 0; x < with.width; ++x) {
      const bool differs = !std::equal(with.pixel(x, y), with.pixel(x, y) + 3, without.pixel(x, y));
      const bool in_place = x < 0.63 * 0.7 * with.width && y > 0.66 * with.height &&
                            y < 0.78 * with.height;
      (in_place ? inside : outside) += differs;
    }
  INFO("differing pixels: " << inside << " where the warning goes, " << outside << " elsewhere");
  CHECK(inside > 500);
  CHECK(outside == 0);
}

TEST_CASE("ParaView collection: file names are escaped as XML attribute values", "[viz]") {
  const std::string text = kneeload::viz::format_pvd_collection({{0.5, "a\"&<b>'_0000.vtp"}});
  CHECK(text.find("file=\"a&quot;&amp;&lt;b&gt;&apos;_0000.vtp\"") != std::string::npos);
  CHECK(text.find("timestep=\"0.5\"") != std::string::npos);
}

TEST_CASE("render: colour bars end on a labelled value, a capped range on its own end", "[viz]") {
  const viz::BarTicks round = viz::calc_bar_ticks(18.0, viz::kPressureBarTicks);
  CHECK(round.values.front() == 0.0);
  CHECK(round.values.back() == 18.0);
  CHECK(round.labels.back() == "18");
  CHECK(round.values.size() == 10);  // 0, 2, ..., 18
  const viz::BarTicks capped = viz::calc_bar_ticks(37.9, viz::kPressureBarTicks);
  CHECK(capped.labels.back() == "37.9");
  CHECK(capped.values[capped.values.size() - 2] == 30.0);  // 35 would crowd 37.9
  const viz::BarTicks activation = viz::calc_bar_ticks(1.0, viz::kActivationBarTicks);
  CHECK(activation.labels.front() == "0.0");
  CHECK(activation.labels.back() == "1.0");
}

TEST_CASE("render: the colour bars' titles, bars, labels and the readout do not overlap, from "
          "640 x 360 up and in portrait", "[viz]") {
  // Text boxes are measured with the fonts they are drawn in (FreeType, no display needed).
  viz::LegFrame frame;  // the readout at its longest: four lines, a brace, bone contact
  frame.pf_loaded = true;
  frame.peak_pressure_MPa = 57.1;
  frame.contact_area_mm2 = 1234.0;
  frame.lateral_fraction = 1.0;
  const std::string readout = viz::make_knee_readout(frame, 100.0, 37.9);
  CHECK(std::count(readout.begin(), readout.end(), '\n') + 1 <= viz::kReadoutLines);
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{
           {640, 360}, {960, 540}, {1280, 720}, {1920, 1080}, {720, 1280}, {3840, 2160}}) {
    for (double pressure_max : {9.0, 18.0, 37.9}) {
      const viz::BarPanelLayout l = viz::calc_frame_bar_panel_layout(w, h, pressure_max);
      const double panel_w = (viz::kPressureBarViewport[2] - viz::kPressureBarViewport[0]) * w;
      const double panel_h = (viz::kPressureBarViewport[3] - viz::kPressureBarViewport[1]) * h;
      const viz::PixelBox panel{0, 0, panel_w, panel_h};
      INFO(w << " x " << h << ", pressure bar to " << pressure_max << " MPa");
      const std::vector<viz::PixelBox> parts = {
          l.pressure.title,   l.pressure.bar,   l.pressure.labels,  l.readout,
          l.activation.title, l.activation.bar, l.activation.labels};
      for (std::size_t i = 0; i < parts.size(); ++i) {
        CHECK(panel.contains(parts[i]));
        for (std::size_t j = i + 1; j < parts.size(); ++j) CHECK_FALSE(parts[i].overlaps(parts[j]));
      }
      CHECK(l.content_bottom_px >= 0);
      // The longest readout fits the panel's width and its box's height.
      const viz::TextSize text = viz::measure_text_px(readout, l.readout_font_px);
      CHECK(text.width_px <= l.readout.width());
      CHECK(text.height_px <= l.readout.height() + 1);
      // Labels fit under their bar: their height in the band below the tick marks.
      const viz::TextSize label = viz::measure_text_px("37.9", l.pressure.label_font_px);
      CHECK(label.height_px <= l.pressure.labels.height() - l.pressure.tick_px);
    }
  }
}

TEST_CASE("render: the legend's reference arrow is a round number of body weights, long enough "
          "to read", "[viz]") {
  CHECK(viz::calc_reference_arrow_bw(686.0, 10000.0) == 1.0);  // 6.9 cm
  CHECK(viz::calc_reference_arrow_bw(686.0, 30000.0) == 2.0);  // 1 BW would be 2.3 cm
  CHECK(viz::calc_reference_arrow_bw(686.0, 60000.0) == 5.0);
  CHECK(viz::calc_reference_arrow_bw(300.0, 1e6) == 10.0);
}
