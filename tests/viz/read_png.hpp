#pragma once
// A PNG file as VTK image data, for tests that look at a written picture's pixels.
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkSmartPointer.h>

#include <string>

namespace kneeload::testing {

inline vtkSmartPointer<vtkImageData> read_png(const std::string& path) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  return reader->GetOutput();  // the smart pointer keeps the image after the reader goes
}

}  // namespace kneeload::testing
