// Completes `tsc`'s output in dist/: the icons in dist/icons/, beside the compiled nodes and
// credentials (their `icon: 'file:...'` paths point there), and the package main, index.js, so that
// the published tarball holds nothing outside dist/ but README, LICENSE and package.json.
const { parallel, src, dest } = require('gulp');

function copyIcons() {
	return src(['icons/*.svg'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyMain() {
	return src('index.js').pipe(dest('dist'));
}

exports['build:assets'] = parallel(copyIcons, copyMain);
