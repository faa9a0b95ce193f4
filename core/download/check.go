package download

import "path/filepath"

// CheckTarget reports what Download would refuse about where the file goes, without any
// network traffic: the options (as Validate), then a target that is a directory or not a
// regular file, and a directory (the target's, the checkpoint's, the temporary file's) that is
// missing, not a directory or not writable, as a *TargetError. An API that returns a handle
// before the download runs (ossr_download_start) calls it so that such a target is refused
// there; Download makes the same checks first.
func CheckTarget(opts Options) error {
	o, err := opts.normalize()
	if err != nil {
		return err
	}
	return checkPaths(o)
}

// checkPaths is CheckTarget for normalized options.
func checkPaths(o Options) error {
	if err := checkTarget(o.FilePath); err != nil {
		return err
	}
	if o.Checkpoint {
		for _, p := range []string{o.CheckpointPath, o.TempPath} {
			if err := checkDir(filepath.Dir(p), "checkpoint"); err != nil {
				return err
			}
		}
	}
	return nil
}
