function main(args){ return {payload: 'Hello, ' + (args.name || 'stranger') + '!'} }
