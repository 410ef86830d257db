#!/usr/bin/env bash
# Installs the Debian 12 packages kneeload builds with, only those missing. Idempotent; run as root.
set -euo pipefail
packages=(
  cmake g++ make                 # build
  libeigen3-dev                  # linear algebra
  libboost-dev                   # Boost.Odeint (header-only) integrators
  libhdf5-dev                    # results files (HDF5 C++ API)
  libvtk9-dev                    # pictures, movies, charts
  catch2                         # tests
  libtomlplusplus-dev            # TOML configs
  libcli11-dev                   # command line
  libfmt-dev                     # formatting
  xvfb xauth                     # off-screen rendering without a display
  libopenmpi-dev openmpi-bin     # optional: `mpirun -n R kneeload sweep` across ranks (KNEELOAD_WITH_MPI)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing packages (${missing[*]}); run this script as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
