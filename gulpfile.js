const { src, dest } = require('gulp');

// Nodes and credentials name their icons as `file:../…/icons/omno.svg`, resolved from the compiled file,
// so the icons sit in dist/icons exactly as icons/ sits beside nodes/ and credentials/ in the source.
function icons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

exports['build:icons'] = icons;
