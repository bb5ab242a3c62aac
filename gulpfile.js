// Completes `tsc`'s output in dist/: the node and credential icons next to the compiled
// JavaScript (where the `icon: 'file:...'` paths point), and the package main, index.js, so that
// the published tarball holds nothing outside dist/ but README, LICENSE and package.json.
const { parallel, src, dest } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

function copyMain() {
	return src('index.js').pipe(dest('dist'));
}

exports['build:assets'] = parallel(copyIcons, copyMain);
