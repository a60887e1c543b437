import { FakeExcel } from "./fakeExcel";
import { loadSurface } from "./officeSurface";

// Every fake Excel offers only what the office.js we ship has (computed once, then cached).
FakeExcel.defaultSurface = loadSurface();
