// One of two files, so each of the two workers runs sessions.ts (a file runs in one worker).
import { sessionTests } from "./sessions";

sessionTests();
